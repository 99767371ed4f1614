"""Counters for Prometheus: what was sent, what failed, what was answered, how late we are."""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    """One registry per process (and per test), never the library's global one."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sent = Counter(
            "between_checkins_sent", "Check-ins delivered to Telegram", registry=self.registry
        )
        self.failed = Counter(
            "between_checkins_failed",
            "Check-in sends that failed and stay due for a later tick",
            registry=self.registry,
        )
        self.answered = Counter(
            "between_checkins_answered",
            "Check-ins the client completed",
            registry=self.registry,
        )
        self.answers = Counter(
            "between_answers_stored", "Answers (and skips) stored", registry=self.registry
        )
        self.unreachable = Counter(
            "between_clients_unreachable",
            "Clients found to have blocked the bot",
            registry=self.registry,
        )
        self.due_lag = Gauge(
            "between_due_lag_seconds",
            "How late the oldest check-in that is due but not yet sent is",
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "between_rate_limited",
            "Requests Telegram answered with 429 (retry_after)",
            registry=self.registry,
        )
        self.transactions = Counter(
            "between_db_transactions",
            "Database transactions begun (a tap on a check-in costs one)",
            registry=self.registry,
        )
        self.last_tick = Gauge(
            "between_last_tick_timestamp_seconds",
            "When this process's scheduler last finished a tick (Unix time)",
            registry=self.registry,
        )
        # Read from the database at each scrape, as `python -m bot status` prints them.
        self.clients = Gauge(
            "between_clients", "Clients in each state", ["state"], registry=self.registry
        )
        self.sent_7d = Gauge(
            "between_checkins_sent_7d",
            "Check-ins and ratings delivered in the last 7 days (all instances)",
            registry=self.registry,
        )
        self.answered_7d = Gauge(
            "between_checkins_answered_7d",
            "Check-ins and ratings finished by the client in the last 7 days (all instances)",
            registry=self.registry,
        )
        self.send_latency = Histogram(
            "between_send_latency_seconds",
            "Time to send one check-in, limiter waits included",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
