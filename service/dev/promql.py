"""PromQL text utilities for the report and the observability checks.

Two jobs, both on expression *text* (no Prometheus needed):

- `substitute_grafana_variables` turns a dashboard query into one Prometheus' HTTP API accepts
  (`$__rate_interval`, `$__interval`, `$__range`, template variables).
- `data_operands` finds what an alert expression measures. An alert such as
  `sum(rate(x[5m])) > 0.05` returns nothing while all is well, so "the query returned no data" would
  not tell a missing metric from a healthy service. Splitting the expression at its top-level
  operators and dropping the thresholds leaves the parts that must always return data:

      >>> data_operands('up{job="a"} == 0')
      ['up{job="a"}']
      >>> data_operands("(x > 300) and on (instance) (sum by (instance) (y) > 0)")
      ['x', 'sum by (instance) (y)']

The splitter knows PromQL's binary-operator precedence (`or` < `and`/`unless` < comparisons < `+ -`
< `* / % atan2` < `^`) and skips strings, label matchers, ranges and function arguments; it is not
a full parser and needs none: Prometheus itself validates the pieces when they are queried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BinaryExpr",
    "data_operands",
    "is_number_literal",
    "split_binary",
    "substitute_grafana_variables",
    "without_thresholds",
]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
    |(?P<str>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`)
    |(?P<num>(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[a-zA-Z]*)
    |(?P<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)
    |(?P<op>==|!=|>=|<=|=~|!~|[-+*/%^<>=])
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Binary operators by precedence, lowest first (the Prometheus docs' table, read bottom-up).
_PRECEDENCE: dict[str, int] = {
    "or": 0,
    "and": 1,
    "unless": 1,
    "==": 2,
    "!=": 2,
    ">": 2,
    "<": 2,
    ">=": 2,
    "<=": 2,
    "+": 3,
    "-": 3,
    "*": 4,
    "/": 4,
    "%": 4,
    "atan2": 4,
    "^": 5,
}
COMPARISONS = frozenset({"==", "!=", ">", "<", ">=", "<="})
SET_OPERATORS = frozenset({"and", "or", "unless"})
_KEYWORD_OPERATORS = frozenset({"and", "or", "unless", "atan2"})
#: Modifiers that may follow a binary operator: `> bool`, `and on (a)`, `* ignoring (b) group_left (c)`.
_MODIFIER = re.compile(
    r"^\s*(?:bool\b\s*)?(?:(?:on|ignoring)\s*\([^)]*\)\s*)?(?:(?:group_left|group_right)\b\s*(?:\([^)]*\))?\s*)?"
)

#: Grafana's built-in interval macros, replaced by fixed windows that hold several samples at the
#: 1-5 s scrape intervals used here (Grafana computes them from the scrape interval and the step).
_GRAFANA_INTERVALS = (
    "$__rate_interval",
    "${__rate_interval}",
    "$__interval",
    "${__interval}",
    "$__range",
    "${__range}",
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int


@dataclass(frozen=True, slots=True)
class BinaryExpr:
    """An expression split at its top-level binary operator of lowest precedence."""

    left: str
    op: str
    modifiers: str  # e.g. "bool", "on (instance)", "ignoring (x) group_left"
    right: str


def substitute_grafana_variables(expr: str, interval: str = "1m", variables: dict[str, str] | None = None) -> str:
    """Replace Grafana macros and template variables so Prometheus can run the expression.

    Interval macros become `interval`; `$name` / `${name}` template variables become their value in
    `variables`, else `.*` (the usual "All" value for regex matchers).

        >>> substitute_grafana_variables('rate(x{instance=~"$instance"}[$__rate_interval])')
        'rate(x{instance=~".*"}[1m])'
    """
    for macro in _GRAFANA_INTERVALS:
        expr = expr.replace(macro, interval)
    values = variables or {}
    return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: values.get(m.group(1), ".*"), expr)


def _tokens(expr: str) -> list[_Token]:
    tokens = []
    depth = 0
    for match in _TOKEN.finditer(expr):
        kind = match.lastgroup or "other"
        if kind == "ws":
            continue
        if kind == "close":
            depth -= 1
        tokens.append(_Token(kind, match.group(), match.start(), match.end(), depth))
        if kind == "open":
            depth += 1
    return tokens


def _strip_outer_parens(expr: str) -> str:
    """`(a > 1)` -> `a > 1`, repeatedly; `(a) + (b)` and `sum (a)` stay as they are."""
    while True:
        stripped = expr.strip()
        tokens = _tokens(stripped)
        if not tokens or tokens[0].text != "(" or tokens[-1].text != ")":
            return stripped
        # The first "(" must close at the very end, i.e. no other token returns to depth 0 before.
        if any(t.depth == 0 for t in tokens[1:-1]):
            return stripped
        expr = stripped[1:-1]


def split_binary(expr: str) -> BinaryExpr | None:
    """Split at the top-level binary operator that binds loosest; None for a single operand.

    Operators of equal precedence associate to the left (split at the last one), except `^`.

        >>> split_binary("a / b > 0.05")
        BinaryExpr(left='a / b', op='>', modifiers='', right='0.05')
    """
    expr = _strip_outer_parens(expr)
    tokens = _tokens(expr)
    best: tuple[int, int] | None = None  # (precedence, index)
    for index, token in enumerate(tokens):
        if token.depth != 0:
            continue
        is_operator = (
            token.kind == "op"
            and token.text in _PRECEDENCE
            or (token.kind == "ident" and token.text.lower() in _KEYWORD_OPERATORS)
        )
        if not is_operator or index == 0:
            continue
        previous = tokens[index - 1]
        if token.text in "+-" and previous.kind not in {"num", "ident", "str", "close"}:
            continue  # unary sign, e.g. `a * -1`
        if previous.kind == "ident" and previous.text.lower() in _KEYWORD_OPERATORS | {"bool", "offset"}:
            continue  # `and -x`, `offset -5m`: the sign is unary
        precedence = _PRECEDENCE[token.text.lower()]
        right_assoc = token.text == "^"
        if best is None or precedence < best[0] or (precedence == best[0] and not right_assoc):
            best = (precedence, index)
    if best is None:
        return None
    op = tokens[best[1]]
    rest = expr[op.end :]
    modifiers = _MODIFIER.match(rest)
    assert modifiers is not None  # the pattern matches the empty string
    return BinaryExpr(
        left=expr[: op.start].strip(),
        op=op.text.lower(),
        modifiers=" ".join(modifiers.group().split()),
        right=rest[modifiers.end() :].strip(),
    )


def is_number_literal(expr: str) -> bool:
    """True for a constant such as `0.05`, `900 * 1024 * 1024` or `-(1e3)`: no series involved."""
    tokens = _tokens(expr)
    return (
        bool(tokens)
        and all(t.kind == "num" or (t.kind == "op" and t.text in "+-*/%^") or t.text in "()" for t in tokens)
        and any(t.kind == "num" for t in tokens)
    )


def data_operands(expr: str) -> list[str]:
    """The sub-expressions of an alert expression that return data whether or not it fires.

    - `a > 10` (any comparison without `bool`): the non-constant side(s), recursively;
    - `a and on (x) b`, `a or b`, `a unless b`: the data operands of both sides;
    - anything else (arithmetic, a function call, a selector): the expression itself.
    """
    node = split_binary(expr)
    if node is None:
        return [_strip_outer_parens(expr)]
    if node.op in SET_OPERATORS:
        return data_operands(node.left) + data_operands(node.right)
    if node.op in COMPARISONS and not node.modifiers.startswith("bool"):
        sides = [side for side in (node.left, node.right) if not is_number_literal(side)]
        return [operand for side in sides for operand in data_operands(side)]
    return [_strip_outer_parens(expr)]


def without_thresholds(expr: str) -> str | None:
    """The expression with every constant threshold dropped and its set operators kept.

    None when a comparison has series on both sides (`a > b`): no single threshold-free form exists,
    use `data_operands` for those.

        >>> without_thresholds("(x > 300) and on (instance) (y > 0)")
        '(x) and on (instance) (y)'
    """
    node = split_binary(expr)
    if node is None:
        return _strip_outer_parens(expr)
    if node.op in SET_OPERATORS:
        left, right = without_thresholds(node.left), without_thresholds(node.right)
        if left is None or right is None:
            return None
        modifiers = f" {node.modifiers}" if node.modifiers else ""
        return f"({left}) {node.op}{modifiers} ({right})"
    if node.op in COMPARISONS and not node.modifiers.startswith("bool"):
        left_constant, right_constant = is_number_literal(node.left), is_number_literal(node.right)
        if left_constant == right_constant:
            return None
        return without_thresholds(node.left if right_constant else node.right)
    return _strip_outer_parens(expr)
