//! JSON-RPC 2.0 vocabulary: error codes, responses and notifications as JSON, and reading
//! parameters with `InvalidParams` when they are not what a method needs.

use serde_json::{Value, json};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const INTERNAL_ERROR: i64 = -32603;
pub const SERVER_NOT_INITIALIZED: i64 = -32002;
pub const REQUEST_CANCELLED: i64 = -32800;

/// An error answer.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> RpcError {
        RpcError {
            code,
            message: message.into(),
        }
    }

    pub fn params(what: &str) -> RpcError {
        RpcError::new(INVALID_PARAMS, format!("invalid params: {what}"))
    }
}

pub fn response(id: &Value, result: Result<Value, RpcError>) -> Value {
    match result {
        Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        Err(e) => json!({"jsonrpc": "2.0", "id": id,
            "error": {"code": e.code, "message": e.message}}),
    }
}

pub fn notification(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
}

pub fn request(id: &str, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// The string at `pointer` in `params`.
pub fn string<'p>(params: &'p Value, pointer: &str) -> Result<&'p str, RpcError> {
    params
        .pointer(pointer)
        .and_then(Value::as_str)
        .ok_or_else(|| RpcError::params(&format!("`{pointer}` must be a string")))
}

/// The document URI of text-document params.
pub fn uri(params: &Value) -> Result<&str, RpcError> {
    string(params, "/textDocument/uri")
}

/// The position of text-document-position params.
pub fn position(params: &Value) -> Result<super::position::Position, RpcError> {
    params
        .get("position")
        .and_then(super::position::Position::from_json)
        .ok_or_else(|| RpcError::params("`position` must be {line, character}"))
}
