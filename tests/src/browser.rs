//! A real browser for the page tests: Debian's Chromium, headless, driven through chromedriver with
//! fantoccini (WebDriver), and axe-core run inside it on every page a journey opens.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Where axe-core's script is: `HUB_AXE_CORE`, else where `.ci/run` installs it.
pub fn axe_core_path() -> std::path::PathBuf {
    std::env::var_os("HUB_AXE_CORE").map(std::path::PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").unwrap_or_default();
        std::path::Path::new(&home).join(".cache/innovation-hub/axe/node_modules/axe-core/axe.min.js")
    })
}

/// chromedriver, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One axe-core violation: its rule, impact and the elements it names.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `minor` to `critical`.
    pub impact: String,
    /// What the rule asks.
    pub help: String,
    /// The elements, as CSS selectors.
    pub targets: Vec<String>,
}

/// A browser on the hub at `base`.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    base: String,
    axe: String,
    _driver: Driver,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").field("base", &self.base).finish_non_exhaustive()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium reading pages in `language` (e.g. `it-IT,it`), at
    /// `width` × `height` pixels.
    pub async fn start(base: &str, language: &str, width: u32, height: u32) -> Self {
        let axe = std::fs::read_to_string(axe_core_path()).unwrap_or_else(|e| {
            panic!("axe-core at {}: {e} (run .ci/run, or set HUB_AXE_CORE)", axe_core_path().display())
        });
        let port = free_port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (apt-get install chromium-driver)");
        let driver = Driver(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", format!("--window-size={width},{height}"),
                         format!("--accept-lang={language}"), format!("--lang={language}")],
                "prefs": {"intl.accept_languages": language},
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        Self { client, base: base.trim_end_matches('/').to_owned(), axe, _driver: driver }
    }

    /// Opens `path` of the hub.
    pub async fn open(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.expect("goto");
    }

    /// The current path and query.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
        format!("{}{query}", url.path())
    }

    /// The page's source.
    pub async fn html(&self) -> String {
        self.client.source().await.expect("source")
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.client.find(Locator::Css(css)).await.expect(css).text().await.expect("text")
    }

    /// Types `value` into the field `css` (after clearing it).
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}"));
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    /// Clicks the element `css`.
    pub async fn click(&self, css: &str) {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}")).click().await.expect("click");
    }

    /// Clicks `css`, which leads to another page (a link, a form's button), and waits until that page
    /// has loaded: a click returns before the navigation it starts has ended.
    pub async fn click_through(&self, css: &str) {
        self.mark_page().await;
        self.click(css).await;
        self.wait_new_page(css).await;
    }

    /// Presses `keys` (Enter on a link or a form), which lead to another page, and waits for it.
    pub async fn keys_through(&self, keys: &str) {
        self.mark_page().await;
        self.keys(keys).await;
        self.wait_new_page("the keys").await;
    }

    async fn mark_page(&self) {
        self.client.execute("window.hubLeaving = true;", vec![]).await.expect("marking the page");
    }

    async fn wait_new_page(&self, after: &str) {
        for _ in 0..400 {
            let state = self.client.execute("return [window.hubLeaving === true, document.readyState];", vec![]).await;
            if let Ok(state) = state
                && state[0] == false
                && state[1] == "complete"
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no new page loaded after {after}");
    }

    /// Presses keys on whatever has the focus (the keyboard, as a person uses it).
    pub async fn keys(&self, keys: &str) {
        self.client.active_element().await.expect("a focused element").send_keys(keys).await.expect("keys");
    }

    /// The focused element, described as `tag#id[name]` with its text, to follow a keyboard journey.
    pub async fn focused(&self) -> Value {
        self.client
            .execute(
                "const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id, \
                 name: e.getAttribute('name') || '', href: e.getAttribute('href') || '', text: (e.innerText || e.value || '').trim()};",
                vec![],
            )
            .await
            .expect("the focused element")
    }

    /// Presses Tab until the focused element satisfies `wanted` (at most 60 times); panics otherwise.
    pub async fn tab_to(&self, what: &str, wanted: impl Fn(&Value) -> bool) {
        for _ in 0..60 {
            self.keys(&char::from(fantoccini::key::Key::Tab).to_string()).await;
            if wanted(&self.focused().await) {
                return;
            }
        }
        panic!("the keyboard never reached {what} on {}", self.path().await);
    }

    /// Runs axe-core on the current page (WCAG 2.0/2.1 A and AA rules, and best practices).
    pub async fn axe(&self) -> Vec<Violation> {
        self.client.execute(&self.axe, vec![]).await.expect("injecting axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {resultTypes: ['violations']}).then(r => done({violations: r.violations, passes: r.passes.length})).catch(e => done({error: String(e)}));",
                vec![],
            )
            .await
            .expect("running axe-core");
        assert!(result.get("error").is_none(), "axe-core failed: {result}");
        // The rules ran: a page of the hub passes dozens of them.
        assert!(result["passes"].as_u64().is_some_and(|n| n >= 10), "axe-core checked next to nothing: {result}");
        result["violations"]
            .as_array()
            .map(|violations| {
                violations
                    .iter()
                    .map(|v| Violation {
                        id: v["id"].as_str().unwrap_or_default().to_owned(),
                        impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                        help: v["help"].as_str().unwrap_or_default().to_owned(),
                        targets: v["nodes"].as_array().into_iter().flatten().map(|n| n["target"].to_string()).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts that axe-core finds nothing on the current page.
    pub async fn assert_accessible(&self) {
        let violations = self.axe().await;
        assert!(violations.is_empty(), "axe-core on {}: {violations:#?}", self.path().await);
    }

    /// A PNG of the page as the browser shows it.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.client.screenshot().await.expect("screenshot")
    }

    /// Saves a PNG of the page as `name.png` in the folder `HUB_SCREENSHOTS` names, when it names
    /// one (for people to look at the pages; nothing is asserted of the picture).
    pub async fn keep_screenshot(&self, name: &str) {
        if let Some(dir) = std::env::var_os("HUB_SCREENSHOTS") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).expect("the screenshots' folder");
            std::fs::write(dir.join(format!("{name}.png")), self.screenshot().await).expect("a screenshot");
        }
    }

    /// Ends the browser session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
