//! A clock tests can move forward, to expire tokens without waiting.

use std::sync::Mutex;

use chrono::{DateTime, Duration, SubsecRound, Utc};

/// The system clock plus an offset.
#[derive(Debug, Default)]
pub struct TestClock {
    offset: Mutex<Duration>,
}

impl TestClock {
    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut offset) = self.offset.lock() {
            *offset += by;
        }
    }
}

impl domain::Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.lock().map(|o| *o).unwrap_or_default();
        (Utc::now() + offset).trunc_subsecs(6)
    }
}
