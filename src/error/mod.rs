//! The engine's error type: one variant per JET_err value.
//!
//! Everything below `api` returns `Result<T, JetError>`; the C layer turns an
//! error into its JET_ERR with `code()`. Warnings are not errors: they travel
//! inside `Ok` values (see `Warning`).

mod codes;

pub use codes::JetError;

/// The result type of every engine call.
pub type JetResult<T> = Result<T, JetError>;

impl JetError {
    /// The JET_ERR value of this error.
    pub fn code(self) -> i32 {
        self as i32
    }
}

impl std::fmt::Display for JetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

impl std::error::Error for JetError {}
