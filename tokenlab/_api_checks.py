"""What OpenAI's chat completions endpoint accepts, and its 400 error for what it does not.

Private to tokenlab: ``demo_api`` answers malformed requests with these, in the real API's words
(as of 2025) where they are known.
"""

from __future__ import annotations

import json
from typing import Any

from ._loopback import error_body

__all__ = ["request_problem", "NOT_JSON", "ROLES"]

NOT_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library "
    "correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
)
ROLES = ("system", "assistant", "user", "function", "tool", "developer")


def request_problem(body: dict[str, Any]) -> dict[str, Any] | None:
    """The API's 400 error body for a malformed chat request, or None if it is well formed.

    >>> request_problem({"model": "gpt-4o", "messages": [{"role": "user"}]})["error"]["message"]
    "Missing required parameter: 'messages[0].content'."
    """
    if not isinstance(body, dict):
        return error_body(NOT_JSON)
    model = body.get("model")
    if model is None:
        return error_body("you must provide a model parameter")
    if not isinstance(model, str):
        return _wrong_type("model", "a string", model)
    for name in ("max_tokens", "max_completion_tokens"):
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            return _wrong_type(name, "an integer", value)
        if value < 1:
            return error_body(
                f"Invalid '{name}': integer below minimum value. Expected a value >= 1, but got {value} instead.",
                param=name,
                code="integer_below_min_value",
            )
    messages = body.get("messages")
    if messages is None:
        return error_body(
            "Missing required parameter: 'messages'.", param="messages", code="missing_required_parameter"
        )
    if not isinstance(messages, list):
        return _wrong_type("messages", "an array of objects", messages)
    if not messages:
        return error_body(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
            param="messages",
            code="empty_array",
        )
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict):
            return _wrong_type(where, "an object", message)
        role = message.get("role")
        if role is None:
            return error_body(
                f"Missing required parameter: '{where}.role'.", param=f"{where}.role", code="missing_required_parameter"
            )
        if role not in ROLES:
            supported = ", ".join(f"'{r}'" for r in ROLES[:-1]) + f", and '{ROLES[-1]}'"
            shown = repr(role) if isinstance(role, str) else json.dumps(role)[:40]
            return error_body(
                f"Invalid value: {shown}. Supported values are: {supported}.",
                param=f"{where}.role",
                code="invalid_value",
            )
        content = message.get("content")
        if content is None and not (role == "assistant" and ("tool_calls" in message or "function_call" in message)):
            return error_body(
                f"Missing required parameter: '{where}.content'.",
                param=f"{where}.content",
                code="missing_required_parameter",
            )
        if content is not None and not isinstance(content, (str, list)):
            return _wrong_type(f"{where}.content", "one of a string or array of objects", content)
    return None


def _wrong_type(name: str, expected: str, value: object) -> dict[str, Any]:
    got = {
        bool: "a boolean",
        int: "an integer",
        float: "a decimal number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }
    return error_body(
        f"Invalid type for '{name}': expected {expected}, but got {got.get(type(value), 'null')} instead.",
        param=name,
        code="invalid_type",
    )
