//! A private, throwaway PostgreSQL cluster for one test: `initdb` and `pg_ctl` from
//! `/usr/lib/postgresql/*/bin`, run as the `postgres` OS user when the test runs as root (PostgreSQL
//! refuses root), on a free port with its socket in its own folder. The shared server is never
//! touched. Dropping it stops the cluster and removes its files, also when the test fails.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::free_port;

/// A running private cluster.
#[derive(Debug)]
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    runuser: Option<PathBuf>,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

/// The newest `/usr/lib/postgresql/N/bin` with `initdb` and `pg_ctl`.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn id_of(flag: &str) -> Option<u32> {
    let output = Command::new("id").args([flag, "postgres"]).output().ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

impl Cluster {
    /// Creates and starts a cluster.
    ///
    /// # Errors
    /// Why it cannot: the tools are missing (then the caller skips, or fails in CI).
    pub fn create() -> Result<Self, String> {
        let bin = server_binaries()
            .ok_or("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (Debian package `postgresql`)")?;
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        std::fs::create_dir(dir.path().join("sock")).map_err(|e| format!("socket dir: {e}"))?;
        let runuser = if is_root() {
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
                .ok_or("no `runuser` to run PostgreSQL as the postgres user (Debian package `util-linux`)")?;
            let (uid, gid) = id_of("-u")
                .zip(id_of("-g"))
                .ok_or("no `postgres` OS user (the Debian package `postgresql` creates it)")?;
            for path in [dir.path().to_owned(), dir.path().join("sock")] {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid)).map_err(|e| format!("chown: {e}"))?;
            }
            Some(runuser)
        } else {
            None
        };
        let cluster = Self { dir, bin, runuser, port: free_port() };
        let data = cluster.data();
        cluster
            .pg("initdb", &["-D", &data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])?;
        cluster.start()?;
        Ok(cluster)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    /// Runs a server program as the `postgres` user (or as ourselves when not root).
    fn pg(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let program = self.bin.join(program);
        let mut command = match &self.runuser {
            Some(runuser) => {
                let mut command = Command::new(runuser);
                command.args(["-u", "postgres", "--"]).arg(&program);
                command
            }
            None => Command::new(&program),
        };
        command.current_dir(self.dir.path()).args(args);
        let output = command.output().map_err(|e| format!("{}: {e}", program.display()))?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(format!(
                "{} {args:?}: {}\n{}{}",
                program.display(),
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// Starts the cluster and waits until it accepts connections.
    ///
    /// # Errors
    /// `pg_ctl`'s complaint.
    pub fn start(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.path("sock")
        );
        self.pg(
            "pg_ctl",
            &["-D", &self.data(), "-l", &self.path("postgres.log"), "-w", "-t", "60", "-o", &options, "start"],
        )
        .map(drop)
    }

    /// `pg_ctl stop -m fast`: ends every session at once and shuts down cleanly.
    ///
    /// # Errors
    /// `pg_ctl`'s complaint.
    pub fn stop_fast(&self) -> Result<(), String> {
        self.pg("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "-t", "60", "stop"]).map(drop)
    }

    /// A URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The server's own log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(Path::new(&self.path("postgres.log"))).unwrap_or_default()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg("pg_ctl", &["-D", &self.data(), "-m", "immediate", "-w", "-t", "30", "stop"]);
    }
}
