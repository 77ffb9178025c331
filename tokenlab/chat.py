"""Count a chat request the way the API bills it: messages, their fixed overhead, and tools.

A chat request is more than its text. Each message is wrapped in special tokens that mark where
it starts and who speaks, and the reply is primed with a few more; tool (function) definitions are
rewritten into text the model reads. These rules are OpenAI's published ones (the cookbook "How to
count tokens with tiktoken", sections 6 and 7), which OpenAI checked against the prompt_tokens the
API reported:

- gpt-3.5-turbo-0301: 4 tokens per message, a name replaces the role (-1), 3 to prime the reply.
- gpt-3.5-turbo (0613 and later), gpt-4, gpt-4o, gpt-4o-mini: 3 tokens per message, +1 when a
  message has a name, 3 to prime the reply. Checked: 129 tokens for the cookbook's six-message
  example on gpt-3.5-turbo and gpt-4, 124 on gpt-4o and gpt-4o-mini.
- Tools: 10 tokens to open each function on gpt-3.5-turbo and gpt-4, 7 on gpt-4o and gpt-4o-mini,
  3 to open the properties, 3 per property, -3 for an enum and 3 per enum item, 12 to close.
  Checked: 105 tokens for the cookbook's weather tool on gpt-3.5-turbo and gpt-4, 101 on gpt-4o.

Newer models (gpt-4.1, gpt-5, o1, o3, ...) have no published rule: they get gpt-4o's, and the
result says it is an estimate. Image parts are counted by OpenAI's documented image rules
(``images.image_tokens``), each on a line of its own; their size comes from a ``data:`` URL's header
or from ``image_sizes``, since tokenlab never downloads anything. This module counts; ``render``
and ``widgets`` do the drawing.

>>> n = count_messages([{"role": "user", "content": "Hello!"}], model="gpt-4o")
>>> int(n), n.content_tokens, n.overhead_tokens
(9, 2, 7)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from . import _html, images, registry
from ._checks import brief
from ._compat import second_positional
from ._i18n import _, ngettext, units
from .images import ImageTokens
from .tokens import count

__all__ = ["count_messages", "ChatCount", "Item", "Rule", "DRAWN_LINES"]

DRAWN_LINES = 200  # a bill of 100,000 messages is drawn as 200 lines (the totals stay exact)


class Rule(NamedTuple):
    """How one family of models wraps messages and tools in tokens."""

    name: str
    per_message: int
    per_name: int
    reply: int
    func_init: int
    checked: bool  # published and checked against the API for this family


_LEGACY = Rule("gpt-3.5-turbo-0301", per_message=4, per_name=-1, reply=3, func_init=10, checked=True)
_GPT4 = Rule("gpt-3.5-turbo / gpt-4", per_message=3, per_name=1, reply=3, func_init=10, checked=True)
_GPT4O = Rule("gpt-4o / gpt-4o-mini", per_message=3, per_name=1, reply=3, func_init=7, checked=True)
_PROP_INIT, _PROP_KEY, _ENUM_INIT, _ENUM_ITEM, _FUNC_END = 3, 3, -3, 3, 12


def rule_for(model: str) -> Rule:
    """The published counting rule for a model (gpt-4o's, marked unchecked, when none is).

    >>> rule_for("gpt-4-0613").per_message
    3
    """
    name = model.strip()
    if name.startswith(("gpt-3.5-turbo-0301", "gpt-35-turbo-0301")):
        return _LEGACY
    gpt4 = name.startswith("gpt-4") and not name.startswith(("gpt-4o", "gpt-4."))  # not gpt-4o, gpt-4.1, ...
    if gpt4 or name.startswith(("gpt-3.5", "gpt-35")):
        return _GPT4
    if name.startswith("gpt-4o"):
        return _GPT4O
    return _GPT4O._replace(checked=False)


class Item(NamedTuple):
    """One line of the bill: what it is (``kind``: message, image, reply, tool or tools_end, with
    its ``detail``), its content tokens, and its overhead tokens."""

    kind: str
    detail: str
    content: int
    overhead: int

    @property
    def label(self) -> str:
        """The line's label, in the language in use."""
        if self.kind == "message":  # detail "1: system": the number and the role, said in the language in use
            number, _colon, role = self.detail.partition(": ")
            if role:
                return _("message {number}: {role}").format(number=number, role=role)
            return _("message {detail}").format(detail=self.detail)
        if self.kind == "image":
            return _("image {detail}").format(detail=self.detail)
        if self.kind == "reply":
            return _("priming the reply (<|start|>assistant<|message|>)")
        if self.kind == "tool":
            return _("tool: {name}").format(name=self.detail)
        return _("end of the tool definitions")


def _chat_count(
    items: list[Item], model: str, encoding: str, rule: Rule, images: Sequence[ImageTokens] = ()
) -> ChatCount:
    return ChatCount(list(items), model=model, encoding=encoding, rule=rule, images=images)


class ChatCount(int):
    """The prompt tokens of a chat request: an ``int``, with the bill item by item.

    It is a plain number (``count + 100`` works) that displays as a table in a notebook. It copies
    and pickles with its bill; arithmetic gives a plain ``int`` on purpose, since ``count + 100`` is
    no longer the bill of any request.
    """

    model: str
    encoding: str
    rule: Rule
    items: list[Item]
    images: list[ImageTokens]

    def __new__(
        cls,
        items: list[Item],
        *,
        model: str,
        encoding: str,
        rule: Rule,
        images: Sequence[ImageTokens] = (),
    ) -> ChatCount:
        self = super().__new__(cls, sum(i.content + i.overhead for i in items))
        self.items, self.model, self.encoding, self.rule = items, model, encoding, rule
        self.images = list(images)
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # int's own would call __new__ with the number alone
        return (_chat_count, (self.items, self.model, self.encoding, self.rule, self.images))

    @property
    def content_tokens(self) -> int:
        return sum(i.content for i in self.items)

    @property
    def overhead_tokens(self) -> int:
        return sum(i.overhead for i in self.items)

    def __repr__(self) -> str:
        return (
            f"ChatCount({int(self)} tokens for {self.model}: {self.content_tokens} content"
            f" + {self.overhead_tokens} overhead)"
        )

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def to_html(self) -> str:
        """The bill as a table: a line per message, image and tool (at most ``DRAWN_LINES``: the
        first and the last, with the lines between summed on one)."""
        items = self.items
        rows = [(_short(i.label), i.content, i.overhead) for i in items]
        if len(rows) > DRAWN_LINES:
            first, last = DRAWN_LINES * 3 // 4, DRAWN_LINES // 4
            hidden = items[first : len(items) - last]
            between = (
                ngettext("… {n:,} more line", "… {n:,} more lines", len(hidden)).format(n=len(hidden)),
                sum(i.content for i in hidden),
                sum(i.overhead for i in hidden),
            )
            rows = [*rows[:first], between, *rows[len(rows) - last :]]
        table = _html.table(
            rows,
            head=["", _("content"), _("overhead")],
            align="lrr",
            total=[_("total"), self.content_tokens, self.overhead_tokens],
        )
        total = f'<div style="font-weight:bold;margin-top:.2em">= {_html.esc(units(int(self), "token"))}</div>'
        caption = _("{model} ({encoding}), counted by the {rule} rule").format(
            model=self.model, encoding=self.encoding, rule=self.rule.name
        )
        note = (
            ""
            if self.rule.checked
            else _html.note(
                _("estimate: OpenAI published no counting rule for {model}; {rule}'s rule was used").format(
                    model=self.model, rule=self.rule.name
                )
            )
        )
        if self.images:
            note += _html.note(
                _(
                    "images: OpenAI's documented rule as of {date}, an estimate; the API reports what it bills in "
                    "usage.prompt_tokens"
                ).format(date=self.images[0].as_of)
            )
        return _html.block("chat", f"<div>{_html.esc(caption)}</div>{table}{total}{note}")


def _short(label: str, limit: int = 80) -> str:
    """A line's label as drawn: a name or role of any length stays on one short line."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


@second_positional("model")
def count_messages(
    messages: Sequence[Mapping[str, Any]],
    *,
    model: str = "gpt-4o",
    tools: Sequence[Mapping[str, Any]] | None = None,
    image_sizes: Mapping[str, tuple[int, int]] | None = None,
) -> ChatCount:
    """The prompt tokens a chat request costs, by OpenAI's published rules (see the module doc).

    ``messages`` are dicts with ``role``, ``content`` and optionally ``name``; ``content`` may be a
    string or a list of ``{"type": "text", "text": ...}`` and ``{"type": "image_url", "image_url":
    {"url": ..., "detail": ...}}`` parts. An image's size is read from a ``data:`` URL; for a web
    URL give it in ``image_sizes={url: (width, height)}`` (the messages stay as the API takes
    them). ``tools`` are function tools as the API takes them.

    >>> count_messages([{"role": "system", "content": "Be brief."},
    ...                 {"role": "user", "content": "What is a token?"}], model="gpt-4")
    ChatCount(19 tokens for gpt-4: 8 content + 11 overhead)
    """
    encoding = registry.encoding_for_model(model)
    if registry.vendor(encoding) != "openai":
        raise ValueError(
            _(
                "count_messages follows OpenAI's chat format; {model} ({encoding}) wraps messages in its own "
                "chat template, which tokenlab does not reproduce: count the texts with count(text, model={model!r})"
            ).format(model=model, encoding=encoding)
        )
    rule = rule_for(model)
    if isinstance(messages, (Mapping, str, bytes, bytearray)) or not isinstance(messages, Iterable):
        raise TypeError(_("messages is a list of dicts such as [{'role': 'user', 'content': 'Hi'}]"))
    items: list[Item] = []
    pictures: list[ImageTokens] = []
    for i, message in enumerate(messages, 1):
        item, parts = _message_item(i, message, encoding, rule)
        items.append(item)
        for k, part in enumerate(parts, 1):
            try:
                image = images.part_tokens(part, model=model, sizes=image_sizes)
            except (ValueError, TypeError) as error:
                raise type(error)(_("message {i}, image {k}: {error}").format(i=i, k=k, error=error)) from None
            pictures.append(image)
            w, h = image.size
            items.append(Item("image", f"{i}.{k}: {w}×{h}, {image.detail}", int(image), 0))
    items.append(Item("reply", "", 0, rule.reply))
    if tools:
        items += _tool_items(tools, encoding, rule)
    return ChatCount(items, model=model, encoding=encoding, rule=rule, images=pictures)


def _message_item(
    i: int, message: Mapping[str, Any], encoding: str, rule: Rule
) -> tuple[Item, list[Mapping[str, Any]]]:
    """A message's line of the bill, and its image parts (counted apart)."""
    if not isinstance(message, Mapping):
        raise TypeError(
            _("message {i} is a {name}, not a dict with 'role' and 'content'").format(i=i, name=type(message).__name__)
        )
    if "role" not in message:
        raise ValueError(_("message {i} has no 'role' (e.g. 'system', 'user' or 'assistant')").format(i=i))
    content = overhead = 0
    parts: list[Mapping[str, Any]] = []
    for key, value in message.items():
        if key == "content":
            text, parts = _parts_of(i, value)
            content += count(text, encoding=encoding)
        elif isinstance(value, str):
            overhead += count(value, encoding=encoding)  # the role (and name) are tokens too
            if key == "name":
                overhead += rule.per_name
        else:
            raise ValueError(
                _("message {i}: tokenlab counts text fields only, not {brief}").format(i=i, brief=brief(key))
            )
    who = message["role"] + (f" ({message['name']})" if "name" in message else "")
    return Item("message", f"{i}: {who}", content, overhead + rule.per_message), parts


def _parts_of(i: int, content: Any) -> tuple[str, list[Mapping[str, Any]]]:
    """A message's text, and its image parts."""
    if content is None:
        return "", []
    if isinstance(content, str):
        return content, []
    if isinstance(content, Sequence) and not isinstance(content, (bytes, bytearray)):
        texts, pictures = [], []
        for part in content:
            kind = part.get("type") if isinstance(part, Mapping) else None
            if kind == "image_url":
                pictures.append(part)
                continue
            if kind != "text":
                raise ValueError(
                    _(
                        "message {i}: content must be text, or a list of text and image_url parts, not {kind!r} parts"
                    ).format(i=i, kind=kind)
                )
            text = part.get("text")
            if text is not None and not isinstance(text, str):
                raise ValueError(
                    _("message {i}: a text part's text must be a string, not {name}").format(
                        i=i, name=type(text).__name__
                    )
                )
            texts.append(text or "")
        return "".join(texts), pictures
    raise ValueError(
        _("message {i}: content must be text or a list of text parts, not {name}").format(
            i=i, name=type(content).__name__
        )
    )


def _tool_items(tools: Sequence[Mapping[str, Any]], encoding: str, rule: Rule) -> list[Item]:
    if isinstance(tools, (str, Mapping)) or not isinstance(tools, Sequence):
        raise ValueError(_("tools is a list of tools such as [{'type': 'function', 'function': {'name': ...}}]"))
    items = []
    for n, tool in enumerate(tools, 1):
        function = _mapping(tool, _("tool {n}").format(n=n))
        function = _mapping(function.get("function", function), _("tool {n}'s function").format(n=n))
        name = function.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(_("tool {n} needs a 'function' with a 'name' (and 'parameters')").format(n=n))
        description = _string(function.get("description"), _("tool {n}'s description").format(n=n)).removesuffix(".")
        parameters = _mapping(function.get("parameters", {}), _("tool {n}'s parameters").format(n=n))
        properties = _mapping(parameters.get("properties", {}), _("tool {n}'s properties").format(n=n))
        content = count(f"{name}:{description}", encoding=encoding)
        overhead = rule.func_init
        if properties:
            overhead += _PROP_INIT
            for key, spec in properties.items():
                prop = _("tool {n}'s property {brief}").format(n=n, brief=brief(key))
                spec = _mapping(spec, prop)
                overhead += _PROP_KEY
                if "enum" in spec:
                    values = spec["enum"]
                    if isinstance(values, (str, Mapping)) or not isinstance(values, Sequence):
                        raise ValueError(
                            _("tool {n}'s property {brief}: enum is a list of values").format(n=n, brief=brief(key))
                        )
                    overhead += _ENUM_INIT
                    for value in values:
                        overhead += _ENUM_ITEM
                        content += count(str(value), encoding=encoding)
                p_description = _string(
                    spec.get("description"), _("the description of {what}").format(what=prop)
                ).removesuffix(".")
                kind = _string(spec.get("type"), _("the type of {what}").format(what=prop))
                content += count(f"{key}:{kind}:{p_description}", encoding=encoding)
        items.append(Item("tool", name, content, overhead))
    items.append(Item("tools_end", "", 0, _FUNC_END))
    return items


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(
            _("{what} must be a dict (a JSON object), not {name}").format(what=what, name=type(value).__name__)
        )
    return value


def _string(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_("{what} must be a string, not {name}").format(what=what, name=type(value).__name__))
    return value
