"""The Kafka side: the Faust app, its batch processor, topics and health."""
