//! Reading the settings: defaults, bounds, keys and the embedded default's secret files.

use std::collections::HashMap;

use super::*;

fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    Settings::from_lookup(|k| map.get(k).cloned())
}

#[test]
fn wrong_values_name_their_variable() {
    let dir = tempfile_dir();
    let data = dir.to_string_lossy().into_owned();
    let cases = [
        ("HUB_BIND", "nowhere"),
        ("HUB_PUBLIC_URL", "ftp://x"),
        ("HUB_JWT_SECRET", "short"),
        ("HUB_AUDIT_KEY", "short"),
        ("HUB_SMTP_URL", "http://mail"),
        ("HUB_LOG_FORMAT", "xml"),
        ("HUB_ARGON2_MEMORY_KIB", "lots"),
        ("HUB_DEMO_PASSWORD", "short"),
        ("DATABASE_URL", "mysql://db"),
        ("HUB_LOGIN_PER_ACCOUNT_PER_MINUTE", "5"),
        ("HUB_MAIL_PER_RECIPIENT_PER_HOUR", "0"),
    ];
    for (variable, value) in cases {
        let error = settings(&[("HUB_DATA_DIR", &data), (variable, value)]).err();
        assert_eq!(error.map(|e| e.variable), Some(variable), "{variable}={value}");
    }
    let defaults = settings(&[("HUB_DATA_DIR", &data)]).expect("defaults");
    let throttles = (
        defaults.login_free_failures,
        defaults.login_account_failures_per_hour,
        defaults.login_per_address_per_minute,
        defaults.mail_per_recipient_per_hour,
        defaults.mail_per_client_per_hour,
    );
    assert_eq!(throttles, (5, 100, 30, 5, 50), "the documented defaults");
    let error = settings(&[("DATABASE_URL", "postgres://localhost/hub")]).err();
    assert_eq!(error.map(|e| e.variable), Some("HUB_JWT_SECRET"));
    let jwt = "j".repeat(32);
    let error = settings(&[("DATABASE_URL", "postgres://localhost/hub"), ("HUB_JWT_SECRET", &jwt)]).err();
    assert_eq!(error.map(|e| e.variable), Some("HUB_AUDIT_KEY"), "required with PostgreSQL");
}

#[test]
fn an_s3_url_names_its_bucket_and_its_folder() {
    let dir = tempfile_dir();
    let data = dir.to_string_lossy().into_owned();
    let s3 = |url: &str| {
        let keys = [("HUB_OBJECT_STORE_ACCESS_KEY_ID", "k"), ("HUB_OBJECT_STORE_SECRET_ACCESS_KEY", "s")];
        let mut vars = vec![("HUB_DATA_DIR", data.as_str()), ("HUB_OBJECT_STORE_URL", url)];
        vars.extend(keys);
        settings(&vars).map(|s| match s.annexes.store {
            ObjectStoreSettings::S3(s3) => (s3.bucket, s3.prefix),
            other => panic!("not S3: {other:?}"),
        })
    };
    assert_eq!(s3("s3://annessi").expect("bucket"), ("annessi".to_owned(), None));
    assert_eq!(s3("s3://annessi/").expect("bucket"), ("annessi".to_owned(), None));
    let prefixed = s3("s3://annessi/hub/prod/").expect("a folder");
    assert_eq!(prefixed, ("annessi".to_owned(), Some("hub/prod".to_owned())));
    for wrong in ["s3://annessi/../altro", "s3://annessi/hub/./x", "s3:///senza-bucket"] {
        assert_eq!(s3(wrong).err().map(|e| e.variable), Some("HUB_OBJECT_STORE_URL"), "{wrong}");
    }
}

#[test]
fn the_embedded_default_keeps_its_secret() {
    let dir = tempfile_dir();
    let data = dir.to_string_lossy().into_owned();
    let first = settings(&[("HUB_DATA_DIR", &data)]).map(|s| (s.jwt_secret, s.audit_key));
    let second = settings(&[("HUB_DATA_DIR", &data)]).map(|s| (s.jwt_secret, s.audit_key));
    assert!(first.is_ok());
    assert_eq!(first.ok(), second.ok());
    let keys = settings(&[("HUB_DATA_DIR", &data)]).map(|s| (s.jwt_secret, s.audit_key)).ok();
    assert!(keys.is_some_and(|(jwt, audit)| jwt != audit), "two keys, not one");
    #[cfg(unix)]
    for file in ["jwt-secret", "audit-key"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(file)).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode, Some(0o600), "{file}");
    }
    assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hub-settings-{}", uuid::Uuid::now_v7()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}
