//! The storage under the edge: a lock held elsewhere is a 503, the embedded default's files are the
//! owner's only.

use super::*;

mod a_lock_held_elsewhere_is_503_never_500 {
    use super::*;

    /// Holds, from a connection of its own, the lock a login needs: SQLite's write lock on the file
    /// (`BEGIN IMMEDIATE`, as another process would), PostgreSQL's lock on the `users` table (as a
    /// long migration or an operator's transaction would). Returns when the lock is held; the lock is
    /// released when the returned sender is dropped or sent to.
    fn hold_lock(backend: Backend, url: String) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
        use diesel::Connection as _;
        use diesel::connection::SimpleConnection as _;
        let (locked_tx, locked_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            let mut conn: Box<dyn diesel::connection::SimpleConnection> = match backend {
                Backend::Sqlite => {
                    let mut conn = diesel::SqliteConnection::establish(&url).expect("an external connection");
                    conn.batch_execute("PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE;").expect("the write lock");
                    Box::new(conn)
                }
                Backend::Postgres => {
                    let mut conn = diesel::PgConnection::establish(&url).expect("an external connection");
                    conn.batch_execute("BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE;").expect("the table lock");
                    Box::new(conn)
                }
            };
            locked_tx.send(()).expect("send");
            let _ = release_rx.recv();
            conn.batch_execute("COMMIT;").expect("commit");
        });
        locked_rx.recv().expect("locked");
        (release_tx, holder)
    }

    backend_tests!(|backend| {
        let app = TestApp::spawn_with(backend, &[("HUB_DB_LOCK_TIMEOUT_MS", "200")]).await;
        app.user_with_roles("anna@hub.example", &[Role::Evaluator], None).await;
        let url = app.settings.database_url.expose().to_owned();
        let (release, holder) = tokio::task::spawn_blocking(move || hold_lock(backend, url)).await.expect("join");
        let login =
            app.post("/api/v1/auth/login", None, json!({"email": "anna@hub.example", "password": PASSWORD})).await;
        login.assert_problem(503, "service_unavailable");
        assert!(login.header("retry-after").is_some(), "Retry-After on {}", login.text);
        release.send(()).expect("release");
        tokio::task::spawn_blocking(move || holder.join()).await.expect("join").expect("holder");
        let after =
            app.post("/api/v1/auth/login", None, json!({"email": "anna@hub.example", "password": PASSWORD})).await;
        assert_eq!(after.status, 200, "{}", after.text);
    });
}

mod the_embedded_files_are_the_owners_only {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
    }

    backend_tests!(|backend| {
        // The folders exist already, open to everyone, as an operator may have made them.
        let root = tempfile::tempdir().expect("temp dir");
        let data = root.path().join("data");
        std::fs::create_dir_all(data.join("mail")).expect("folders");
        for dir in [&data, &data.join("mail")] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("mode");
        }
        if backend == Backend::Sqlite {
            std::fs::write(data.join("hub.db"), b"").expect("an empty database file");
            std::fs::set_permissions(data.join("hub.db"), std::fs::Permissions::from_mode(0o644)).expect("mode");
        }
        let data_dir = data.to_string_lossy().into_owned();
        let app = TestApp::spawn_with(backend, &[("HUB_DATA_DIR", data_dir.as_str())]).await;
        app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        let mail = app.mail_to("anna@aurora.example").await;
        assert!(!mail.token().is_empty());
        assert_eq!(mode(&data.join("mail")), 0o700, "the mail folder");
        let emails: Vec<_> = std::fs::read_dir(data.join("mail")).expect("mail").flatten().map(|e| e.path()).collect();
        assert!(!emails.is_empty());
        for email in emails {
            assert_eq!(mode(&email), 0o600, "{}", email.display());
        }
        if backend == Backend::Sqlite {
            assert_eq!(mode(&data), 0o700, "the data folder");
            for file in ["hub.db", "hub.db-wal", "hub.db-shm", "jwt-secret"] {
                assert_eq!(mode(&data.join(file)), 0o600, "{file}");
            }
        }
    });
}
