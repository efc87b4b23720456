//! A bar chart of per-pillar figures on the 0–5 scale, as inline SVG a screen reader can read
//! (`role="img"`, a title and a description); the page shows the same figures in a table beside it.

/// One bar: its label, its value and, where there is one, the threshold it is measured against.
#[derive(Debug)]
pub struct Bar {
    /// The pillar's name.
    pub label: String,
    /// 0 to 5.
    pub value: f64,
    /// The value written for people ("3,5").
    pub shown: String,
    /// The threshold, 0 to 5.
    pub threshold: Option<f64>,
}

/// The chart's geometry, computed once for the template.
#[derive(Debug)]
pub struct Chart {
    /// What its title's and description's ids start with (unique on the page).
    pub id: String,
    /// Its accessible title.
    pub title: String,
    /// Its accessible description: every figure in words.
    pub description: String,
    /// What a sighted reader is told under it (the threshold mark's meaning), or nothing.
    pub caption: String,
    /// The bars with their drawn widths and positions.
    pub bars: Vec<DrawnBar>,
    /// The height of the drawing.
    pub height: u32,
    /// The ticks of the scale: (x, label).
    pub ticks: Vec<(u32, String)>,
}

/// A bar as drawn.
#[derive(Debug)]
pub struct DrawnBar {
    /// Label and figures.
    pub bar: Bar,
    /// Top of the bar.
    pub y: u32,
    /// Width of the bar.
    pub width: u32,
    /// Where the threshold mark is, if any.
    pub threshold_x: Option<u32>,
}

/// Where the scale starts (after the labels) and how wide 5 points are.
const LEFT: u32 = 240;
const SCALE: u32 = 400;
const ROW: u32 = 40;

impl Chart {
    /// A chart of `bars` on the 0–5 scale, titled `title`, described by `description`, with `caption`
    /// under it.
    pub fn new(title: String, description: String, caption: String, bars: Vec<Bar>) -> Self {
        Self::scaled(title, description, caption, bars, 5, 5)
    }

    /// A chart of counts (`value` whole numbers), its scale up to the largest, rounded up.
    pub fn counts(title: String, description: String, caption: String, bars: Vec<Bar>) -> Self {
        let most = bars.iter().map(|b| b.value.ceil() as u32).max().unwrap_or(0).max(1);
        let ticks = most.min(4);
        let top = most.div_ceil(ticks) * ticks;
        Self::scaled(title, description, caption, bars, top, ticks)
    }

    /// The same chart with its own `id` (for a page with several).
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    fn scaled(title: String, description: String, caption: String, bars: Vec<Bar>, top: u32, ticks: u32) -> Self {
        let x = |value: f64| (value.clamp(0.0, f64::from(top)) / f64::from(top) * f64::from(SCALE)).round() as u32;
        let drawn: Vec<DrawnBar> = bars
            .into_iter()
            .enumerate()
            .map(|(i, bar)| DrawnBar {
                y: 10 + ROW * i as u32,
                width: x(bar.value),
                threshold_x: bar.threshold.map(|t| LEFT + x(t)),
                bar,
            })
            .collect();
        let height = 10 + ROW * drawn.len() as u32 + 30;
        let step = top / ticks;
        Self {
            id: "chart".to_owned(),
            title,
            description,
            caption,
            bars: drawn,
            height,
            ticks: (0..=ticks).map(|t| (LEFT + x(f64::from(t * step)), (t * step).to_string())).collect(),
        }
    }

    /// Where the bars start.
    pub fn left(&self) -> u32 {
        LEFT
    }

    /// Where the value is written: after its bar.
    pub fn label_x(&self, bar: &DrawnBar) -> u32 {
        LEFT + bar.width + 8
    }
}
