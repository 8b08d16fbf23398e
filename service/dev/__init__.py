"""Development tooling, not needed by a production worker.

The local Kafka broker (`broker`), the dashboard report (`report`, `promql`) and the helpers tests
and benchmarks share (`support`: polling, free ports).

The product package (`service`, minus this sub-package) is what runs in production; this sub-package
backs `python -m service broker|demo|report` and the test and benchmark harnesses.
"""
