//! The stored objects: the same bytes are stored once however many annexes name them, and deleted with
//! the last; the sweep deletes the objects no annex names once they are an hour old, on the local store
//! and on S3 (moto).

use std::sync::Arc;

use api::annexes::Annexes;
use hub_tests::backend_tests;
use hub_tests::funnel::draft;

use super::*;

/// The object files of the local store (hidden partial copies left out).
fn object_files(app: &TestApp) -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if !entry.file_name().to_string_lossy().starts_with('.') {
                out.push(path);
            }
        }
    }
    let Objects::Local(root) = Objects::local(app) else { unreachable!() };
    let mut out = Vec::new();
    walk(&root.join("annexes"), &mut out);
    out.sort();
    out
}

hub_test!(same_bytes_are_stored_once, |app| {
    let s = setup(&app).await;
    let (one, two) = (
        draft(&app, &s.anna, "First copy", &s.challenge).await,
        draft(&app, &s.anna, "Second copy", &s.challenge).await,
    );
    let bytes = pdf(2, "shared deck");
    let sha = sha256(&bytes);
    let a = accepted(&upload(&app, &s.anna, &one, "deck", "deck.pdf", &bytes).await, 201);
    let b = accepted(&put(&app, &s.anna, &two, "deck", "copia.pdf", &bytes).await, 201);
    assert_eq!((a["sha256"].as_str(), b["sha256"].as_str()), (Some(sha.as_str()), Some(sha.as_str())));
    let files = object_files(&app);
    assert_eq!(files.len(), 1, "one object for the same bytes: {files:?}");
    assert!(files[0].ends_with(format!("annexes/{}/{sha}", &sha[..2])), "named by its SHA-256: {files:?}");
    assert_eq!(std::fs::read(&files[0]).expect("the object"), bytes);

    // Deleting one keeps the object the other names.
    assert_eq!(delete(&app, &s.anna, &id_of(&a)).await.status, 204);
    let annexes = Arc::new(Annexes::open(&app.settings.annexes).expect("the annexes' store"));
    let released = annexes.release(&app.store, sha.clone(), bytes.len() as u64).await.expect("release");
    assert!(!released, "an object an annex names is not released");
    assert_eq!(object_files(&app).len(), 1);
    assert_eq!(content(&app, Some(&s.anna), &id_of(&b)).await.bytes, bytes, "the other still downloads");

    // Deleting both deletes it.
    assert_eq!(delete(&app, &s.anna, &id_of(&b)).await.status, 204);
    assert!(Objects::local(&app).wait_gone(&sha).await, "the last annex's deletion releases the object");
    assert!(object_files(&app).is_empty());

    // Uploaded again afterwards: stored again.
    accepted(&upload(&app, &s.anna, &one, "deck", "deck.pdf", &bytes).await, 201);
    assert_eq!(object_files(&app).len(), 1);
    assert_eq!(
        content(&app, Some(&s.anna), &id_of(&list(&app, Some(&s.anna), &one).await.body["items"][0])).await.bytes,
        bytes
    );
});

/// The sweep on `objects`: an orphan is kept within the hour and deleted after it, the objects annexes
/// name are kept.
async fn sweep(app: &TestApp, objects: &Objects) {
    let s = setup(app).await;
    let id = draft(app, &s.anna, "Swept", &s.challenge).await;
    let named = pdf(1, "named by an annex");
    accepted(&upload(app, &s.anna, &id, "deck", "deck.pdf", &named).await, 201);
    let orphan = objects.plant(b"bytes a crash left without an annex");
    assert!(objects.has(&orphan));

    let annexes = Arc::new(Annexes::open(&app.settings.annexes).expect("the annexes' store"));
    let now = Utc::now();
    assert_eq!(annexes.sweep(&app.store, now).await.expect("sweep"), 0, "within the hour nothing is swept");
    assert!(objects.has(&orphan), "an upload may be between storing its object and recording it");
    let later = now + Duration::minutes(61);
    assert_eq!(annexes.sweep(&app.store, later).await.expect("sweep"), 1, "the orphan alone");
    assert!(!objects.has(&orphan), "the orphan is deleted");
    assert!(objects.has(&sha256(&named)), "the annex's object is kept");
    assert_eq!(
        content(app, Some(&s.anna), &id_of(&list(app, Some(&s.anna), &id).await.body["items"][0])).await.bytes,
        named
    );
    assert_eq!(annexes.sweep(&app.store, later).await.expect("sweep"), 0, "nothing left to sweep");
}

hub_test!(sweep_on_the_local_store, |app| {
    let objects = Objects::local(&app);
    sweep(&app, &objects).await;
});

mod sweep_on_s3 {
    use super::*;

    backend_tests!(|backend| {
        let Some(bucket) = S3Bucket::create() else { return };
        let app = TestApp::spawn_with(backend, &bucket.settings()).await;
        sweep(&app, &Objects::S3(bucket)).await;
    });
}

mod objects_on_another_file_system {
    use std::os::unix::fs::MetadataExt as _;

    use super::*;

    backend_tests!(|backend| {
        // The store on a tmpfs, the staging folder under the data folder on the disk: no hard link between
        // them, so each object is a copy, made durable, then renamed into place.
        let other = tempfile::tempdir_in("/dev/shm").expect("a folder on /dev/shm");
        let url = format!("file://{}", other.path().display());
        let app = TestApp::spawn_with(backend, &[("HUB_OBJECT_STORE_URL", url.as_str())]).await;
        let Objects::Local(root) = Objects::local(&app) else { unreachable!() };
        let staging = &app.settings.annexes.staging;
        let device = |p: &std::path::Path| std::fs::metadata(p).expect("metadata").dev();
        assert_ne!(device(&root), device(staging), "the store and the staging folder on two file systems");

        let s = setup(&app).await;
        let (one, two) = (
            draft(&app, &s.anna, "Copied", &s.challenge).await,
            draft(&app, &s.anna, "Copied again", &s.challenge).await,
        );
        let bytes = pdf(2, "copied across file systems");
        let sha = sha256(&bytes);
        let a = accepted(&put(&app, &s.anna, &one, "deck", "deck.pdf", &bytes).await, 201);
        accepted(&upload(&app, &s.anna, &two, "deck", "copia.pdf", &bytes).await, 201);
        let object = root.join("annexes").join(&sha[..2]).join(&sha);
        assert_eq!(std::fs::read(&object).expect("the object, in the other file system"), bytes);
        let everything: Vec<_> = std::fs::read_dir(object.parent().expect("its folder"))
            .expect("its folder")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        assert_eq!(everything, [std::ffi::OsString::from(&sha)], "one object, no partial copy left");
        assert_eq!(content(&app, Some(&s.anna), &id_of(&a)).await.bytes, bytes, "it downloads");
    });
}
