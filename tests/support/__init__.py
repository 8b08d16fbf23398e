"""Support code the tests and the benchmarks share (bench/ imports from here; tests never import bench/).

- `kafka`: topic names per test, a worker process, producing and reading topics (on `service.kafka_io`);
- `prometheus`: a real Prometheus server scraping workers;
- `crash`, `poison`: the crash-recovery and poison-article scenarios, run by a test and by a benchmark;
- `adversarial`: generated hostile article bodies.
Polling and ports come from `service.dev.support` (`wait_for`, `free_port`).
"""
