//! Prometheus metrics, in a registry owned by the application (no global state).

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

/// What waits in the outboxes, when the store could say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pending {
    /// Emails.
    pub mails: Option<i64>,
    /// Webhook deliveries.
    pub webhooks: Option<i64>,
}

/// The hub's metrics.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    outbox_pending: IntGauge,
    webhooks_pending: IntGauge,
    statements: IntCounter,
    uploads_receiving: IntGauge,
    purge_delay: IntGauge,
}

impl Metrics {
    /// Registers every metric.
    ///
    /// # Errors
    /// When a metric is registered twice (a bug).
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("hub".to_owned()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route and status"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route"),
            &["method", "route"],
        )?;
        let pool =
            IntGaugeVec::new(Opts::new("db_pool_connections", "database pool connections by state"), &["state"])?;
        let outbox_pending = IntGauge::new("outbox_pending", "emails waiting for delivery")?;
        let webhooks_pending =
            IntGauge::new("webhook_deliveries_pending", "webhook deliveries waiting for an attempt")?;
        let statements = IntCounter::new(
            "db_statements_total",
            "SQL statements sent to the database (BEGIN, COMMIT and pool probes included)",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(outbox_pending.clone()))?;
        registry.register(Box::new(webhooks_pending.clone()))?;
        let uploads_receiving = IntGauge::new("annex_uploads_receiving", "annex uploads being received")?;
        registry.register(Box::new(statements.clone()))?;
        registry.register(Box::new(uploads_receiving.clone()))?;
        let purge_delay = IntGauge::new(
            "allocator_purge_delay_milliseconds",
            "how long the allocator keeps freed memory before giving it back to the system",
        )?;
        registry.register(Box::new(purge_delay.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            pool,
            outbox_pending,
            webhooks_pending,
            statements,
            uploads_receiving,
            purge_delay,
        })
    }

    /// Records one finished request.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[method, route]).observe(seconds);
    }

    /// Renders the text exposition format, after setting the gauges read at scrape time.
    pub fn render(&self, pool: (u32, u32), pending: Pending, statements: u64, receiving: usize) -> String {
        // The store counts; the counter catches up with it at each scrape.
        self.statements.inc_by(statements.saturating_sub(self.statements.get()));
        self.uploads_receiving.set(i64::try_from(receiving).unwrap_or(i64::MAX));
        self.purge_delay.set(crate::allocator::purge_delay_ms());
        self.pool.with_label_values(&["open"]).set(i64::from(pool.0));
        self.pool.with_label_values(&["idle"]).set(i64::from(pool.1));
        if let Some(mails) = pending.mails {
            self.outbox_pending.set(mails);
        }
        if let Some(deliveries) = pending.webhooks {
            self.webhooks_pending.set(deliveries);
        }
        let mut buffer = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut buffer).is_err() {
            return String::new();
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}
