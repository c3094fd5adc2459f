"""Renders helm/lq the way `helm template` does, for the part of Go's template language it uses.

No helm binary is to be had here (neither Debian nor PyPI ships one), so the tests render the
chart with this: text/template actions (if/else if/else, range over lists and maps with
variables, with, define/include, comments, whitespace trimming) and the few sprig functions the
templates call (toYaml, nindent, quote, default, ternary, list, dict, index, printf, trunc,
trimSuffix, contains, replace, not). Anything else fails loudly (TemplateError) instead of
rendering wrongly, so a template that starts using more is caught by the tests; where helm
exists, `helm template helm/lq -f helm/lq/values-small.yaml` is the reference.

    python ops/helm_render.py [values-file ...]   # prints the manifests
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

CHART = Path(__file__).resolve().parents[1] / "helm" / "lq"


class TemplateError(Exception):
    pass


_ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.S)
_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+)|(?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z_]\w*)*)'
    r"|(?P<field>(?:\.[A-Za-z_]\w*)+|\.)|(?P<ident>[A-Za-z_]\w*)|(?P<op>:=|[|(),=]))"
)


def _go_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _truthy(value: Any) -> bool:
    return bool(value) if value is not None else False


def _to_yaml(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=False, sort_keys=True).rstrip("\n")


def _quote(*values: Any) -> str:
    return " ".join(
        '"' + _go_str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values
    )


def _printf(fmt: str, *args: Any) -> str:
    if re.search(r"%[^s%]", fmt):
        raise TemplateError(f"printf supports %s only: {fmt!r}")
    return fmt % tuple(_go_str(a) for a in args)


def _dict(*pairs: Any) -> dict[str, Any]:
    return {str(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def _index(value: Any, *keys: Any) -> Any:
    for key in keys:
        value = value[key] if value is not None else None
    return value


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "toYaml": _to_yaml,
    "nindent": lambda n, s: "\n" + "\n".join(" " * n + line for line in s.split("\n")),
    "indent": lambda n, s: "\n".join(" " * n + line for line in s.split("\n")),
    "quote": _quote,
    "default": lambda d, v=None: v if _truthy(v) else d,
    "ternary": lambda a, b, cond: a if cond else b,
    "list": lambda *items: list(items),
    "dict": _dict,
    "index": _index,
    "printf": _printf,
    "trunc": lambda n, s: s[:n],
    "trimSuffix": lambda suffix, s: s[: -len(suffix)] if suffix and s.endswith(suffix) else s,
    "contains": lambda sub, s: sub in s,
    "replace": lambda old, new, s: s.replace(old, new),
    "not": lambda v: not _truthy(v),
}


class _Scope:
    def __init__(self, dot: Any, variables: dict[str, Any]) -> None:
        self.dot = dot
        self.variables = variables

    def child(self, dot: Any) -> _Scope:
        return _Scope(dot, dict(self.variables))


def _lookup(value: Any, path: str) -> Any:
    for name in [p for p in path.split(".") if p]:
        value = value.get(name) if isinstance(value, dict) else None
    return value


class Chart:
    def __init__(self, root: Path = CHART) -> None:
        self.root = root
        self.meta = yaml.safe_load((root / "Chart.yaml").read_text())
        self.defines: dict[str, list[Any]] = {}
        self.templates: dict[str, list[Any]] = {}
        for path in sorted((root / "templates").iterdir()):
            tree = self._parse(path.read_text(), path.name)
            if not path.name.startswith("_"):
                self.templates[path.name] = tree

    # Parsing: a list of nodes; a node is ("text", s), ("expr", tokens) or a block tuple.
    def _parse(self, source: str, name: str) -> list[Any]:
        pieces: list[tuple[str, str]] = []
        position = 0
        for match in _ACTION.finditer(source):
            text = source[position : match.start()]
            if match.group(1):
                text = text.rstrip()
            pieces.append(("text", text))
            pieces.append(("action", match.group(2).strip()))
            position = match.end()
            if match.group(3):
                rest = source[position:]
                position += len(rest) - len(rest.lstrip())
        pieces.append(("text", source[position:]))
        nodes, end = self._block(pieces, 0, name)
        if end != len(pieces):
            raise TemplateError(f"{name}: unexpected {pieces[end][1]!r}")
        return nodes

    def _block(self, pieces: list[tuple[str, str]], i: int, name: str) -> tuple[list[Any], int]:
        nodes: list[Any] = []
        while i < len(pieces):
            kind, value = pieces[i]
            if kind == "text":
                if value:
                    nodes.append(("text", value))
                i += 1
                continue
            if value.startswith("/*"):
                i += 1
                continue
            word = value.split(None, 1)[0] if value else ""
            if word in ("end", "else"):
                return nodes, i
            if word == "define":
                define_name = yaml.safe_load(value.split(None, 1)[1])
                body, i = self._block(pieces, i + 1, name)
                self._expect_end(pieces, i, name)
                self.defines[define_name] = body
                i += 1
            elif word in ("if", "with", "range"):
                expression = value.split(None, 1)[1]
                body, i = self._block(pieces, i + 1, name)
                branches = [(expression, body)]
                otherwise: list[Any] = []
                while pieces[i][1].startswith("else"):
                    rest = pieces[i][1][4:].strip()
                    if rest.startswith("if "):
                        if word != "if":
                            raise TemplateError(f"{name}: else if inside {word}")
                        body, i = self._block(pieces, i + 1, name)
                        branches.append((rest[3:], body))
                    else:
                        otherwise, i = self._block(pieces, i + 1, name)
                        break
                self._expect_end(pieces, i, name)
                nodes.append((word, branches, otherwise))
                i += 1
            else:
                nodes.append(("expr", value))
                i += 1
        return nodes, i

    @staticmethod
    def _expect_end(pieces: list[tuple[str, str]], i: int, name: str) -> None:
        if i >= len(pieces) or pieces[i][1] != "end":
            raise TemplateError(f"{name}: missing end")

    # Evaluation.
    def _tokens(self, expression: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        position = 0
        expression = expression.rstrip()
        while position < len(expression):
            match = _TOKEN.match(expression, position)
            if not match:
                raise TemplateError(f"cannot read {expression[position:]!r}")
            kind = match.lastgroup or ""
            tokens.append((kind, match.group(kind)))
            position = match.end()
        return tokens

    def _pipeline(self, tokens: list[tuple[str, str]], scope: _Scope) -> Any:
        commands: list[list[tuple[str, str]]] = [[]]
        depth = 0
        for token in tokens:
            if token == ("op", "|") and depth == 0:
                commands.append([])
                continue
            depth += token == ("op", "(")
            depth -= token == ("op", ")")
            commands[-1].append(token)
        result: Any = None
        for number, command in enumerate(commands):
            result = self._command(command, scope, piped=result if number else _NOTHING)
        return result

    def _command(self, tokens: list[tuple[str, str]], scope: _Scope, piped: Any) -> Any:
        operands: list[Any] = []
        i = 0
        while i < len(tokens):
            kind, text = tokens[i]
            if (kind, text) == ("op", "("):
                depth, j = 1, i + 1
                while depth:
                    depth += tokens[j] == ("op", "(")
                    depth -= tokens[j] == ("op", ")")
                    j += 1
                operands.append(("value", self._pipeline(tokens[i + 1 : j - 1], scope)))
                i = j
                continue
            operands.append((kind, text))
            i += 1
        first_kind, first = operands[0]
        arguments = [self._operand(o, scope) for o in operands[1:]]
        if piped is not _NOTHING:
            arguments.append(piped)
        if first_kind == "ident":
            if first == "include":
                return self.include(arguments[0], arguments[1])
            if first in ("true", "false"):
                return first == "true"
            if first not in FUNCTIONS:
                raise TemplateError(f"function {first!r} is not supported")
            return FUNCTIONS[first](*arguments)
        if arguments:
            raise TemplateError(f"{first!r} takes no arguments")
        return self._operand(operands[0], scope)

    def _operand(self, operand: tuple[str, Any], scope: _Scope) -> Any:
        kind, text = operand
        if kind == "value":
            return text
        if kind == "str":
            return yaml.safe_load(text)
        if kind == "num":
            return int(text)
        if kind == "field":
            return scope.dot if text == "." else _lookup(scope.dot, text)
        if kind == "var":
            name, _, path = text.partition(".")
            if name not in scope.variables:
                raise TemplateError(f"undefined variable {name}")
            return _lookup(scope.variables[name], path)
        if kind == "ident" and text in ("true", "false"):
            return text == "true"
        raise TemplateError(f"unexpected {text!r}")

    def _statement(self, expression: str, scope: _Scope) -> Any:
        tokens = self._tokens(expression)
        if len(tokens) > 2 and tokens[1] == ("op", ":=") and tokens[0][0] == "var":
            scope.variables[tokens[0][1]] = self._pipeline(tokens[2:], scope)
            return _NOTHING
        return self._pipeline(tokens, scope)

    def _render(self, nodes: list[Any], scope: _Scope) -> str:
        out: list[str] = []
        for node in nodes:
            if node[0] == "text":
                out.append(node[1])
            elif node[0] == "expr":
                value = self._statement(node[1], scope)
                if value is not _NOTHING:
                    out.append(_go_str(value))
            elif node[0] == "if":
                for expression, body in node[1]:
                    if _truthy(self._statement(expression, scope)):
                        out.append(self._render(body, scope))
                        break
                else:
                    out.append(self._render(node[2], scope))
            elif node[0] == "with":
                ((expression, body),) = node[1]
                value = self._statement(expression, scope)
                out.append(
                    self._render(body, scope.child(value))
                    if _truthy(value)
                    else self._render(node[2], scope)
                )
            elif node[0] == "range":
                ((expression, body),) = node[1]
                out.append(self._range(expression, body, node[2], scope))
        return "".join(out)

    def _range(self, expression: str, body: list[Any], otherwise: list[Any], scope: _Scope) -> str:
        tokens = self._tokens(expression)
        names: list[str] = []
        if ("op", ":=") in tokens:
            split = tokens.index(("op", ":="))
            names = [t for k, t in tokens[:split] if k == "var"]
            tokens = tokens[split + 1 :]
        collection = self._pipeline(tokens, scope)
        if isinstance(collection, dict):
            items = sorted(collection.items())
        elif isinstance(collection, list):
            items = list(enumerate(collection))
        elif collection is None:
            items = []
        else:
            raise TemplateError(f"cannot range over {collection!r}")
        if not items:
            return self._render(otherwise, scope)
        out = []
        for key, value in items:
            child = scope.child(value)
            if len(names) == 1:
                child.variables[names[0]] = value
            elif len(names) == 2:
                child.variables[names[0]], child.variables[names[1]] = key, value
            out.append(self._render(body, child))
        return "".join(out)

    def include(self, name: str, dot: Any) -> str:
        if name not in self.defines:
            raise TemplateError(f"no template {name!r}")
        return self._render(self.defines[name], _Scope(dot, {"$": dot}))

    def context(self, values: dict[str, Any], release: str = "lq") -> dict[str, Any]:
        chart = {
            "Name": self.meta["name"],
            "Version": self.meta["version"],
            "AppVersion": self.meta.get("appVersion", ""),
        }
        return {"Values": values, "Chart": chart, "Release": {"Name": release, "Service": "Helm"}}

    def render(self, values: dict[str, Any], release: str = "lq") -> dict[str, str]:
        top = self.context(values, release)
        return {
            name: self._render(tree, _Scope(top, {"$": top}))
            for name, tree in self.templates.items()
        }


_NOTHING = object()


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's values merge: maps deep-merged, everything else replaced (null deletes a key)."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def values(*files: Path, chart: Path = CHART) -> dict[str, Any]:
    result: dict[str, Any] = yaml.safe_load((chart / "values.yaml").read_text())
    for path in files:
        result = merge(result, yaml.safe_load(path.read_text()) or {})
    return result


def manifests(*files: Path, chart: Path = CHART) -> list[dict[str, Any]]:
    """Every Kubernetes object `helm template` would print (NOTES.txt is not one)."""
    rendered = Chart(chart).render(values(*files, chart=chart))
    found: list[dict[str, Any]] = []
    for name, text in rendered.items():
        if name.endswith(".txt"):
            continue
        found.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return found


if __name__ == "__main__":
    documents = manifests(*(Path(a) for a in sys.argv[1:]))
    print(yaml.safe_dump_all(documents, sort_keys=False), end="")
