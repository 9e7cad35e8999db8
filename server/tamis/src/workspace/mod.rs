//! The workspace on disk: where `tamis.toml` is, which files make up the corpus, how they are
//! read, and the one way tamis writes a file. Shared by the command line and the language
//! server; the analysis itself does no I/O.

pub mod corpus;
pub mod encoding;
pub mod utf8;

use std::io::Write;
use std::path::{Path, PathBuf};

use tamis_analysis::config::{self, Config, Settings, FILE_NAME};

pub use corpus::{collect, learn_keeping, learn_observed, read_document, Kept, Loaded};

/// Reads a configuration file: the one reader of `tamis.toml`, for the command line and the
/// language server.
pub fn read_config(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads and compiles a configuration file.
pub fn load_settings(path: &Path) -> Result<Settings, String> {
    Settings::new(read_config(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// Finds `tamis.toml` in `start` (a file's folder, or a folder) or its ancestors. A bare file
/// name such as `a.txt` starts from the current folder.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        // `a.txt` has the empty path as its parent: the current folder.
        Some(start.parent()?)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    } else {
        start
    };
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Writes `new` to `path` through a temporary file in the same folder and a rename, so that a
/// reader sees the old bytes or the new ones, never a mix.
///
/// With `expected`, the file must exist, be writable and still hold `expected` just before the
/// rename (a file changed on disk during the run is left as it is); it keeps its permissions.
/// Without, the file is created or replaced.
pub fn write_atomically(path: &Path, expected: Option<&[u8]>, new: &[u8]) -> std::io::Result<()> {
    match expected {
        Some(expected) => write_atomically_if(path, Some(&|disk: &[u8]| disk == expected), new),
        None => write_atomically_if(path, None, new),
    }
}

/// Tells, from a file's bytes on disk, whether it still holds what was read.
pub type Unchanged<'a> = &'a dyn Fn(&[u8]) -> bool;

/// [`write_atomically`], the file on disk checked by `unchanged` (given its bytes) rather than
/// against bytes held by the caller: `tamis fix` keeps a digest of a huge file, not a copy.
pub fn write_atomically_if(
    path: &Path,
    unchanged: Option<Unchanged<'_>>,
    new: &[u8],
) -> std::io::Result<()> {
    let expected = unchanged;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let metadata = match expected {
        Some(_) => {
            let metadata = std::fs::metadata(path)?;
            if metadata.permissions().readonly() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "the file is read-only",
                ));
            }
            Some(metadata)
        }
        None => None,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".tamis-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(new)?;
    tmp.as_file().sync_all()?;
    match metadata {
        Some(metadata) => std::fs::set_permissions(tmp.path(), metadata.permissions())?,
        // A new file gets the usual permissions, not the temporary file's private ones.
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
                std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))?;
            }
        }
    }
    if let Some(unchanged) = expected {
        if !unchanged(&std::fs::read(path)?) {
            return Err(std::io::Error::other(
                "the file changed on disk during the run; left as it is",
            ));
        }
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
