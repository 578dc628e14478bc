//! The engine API that the C layer calls: instances, sessions, databases, cursors.
//!
//! Must never: know about C pointers, JET_ERR integers or handles.
