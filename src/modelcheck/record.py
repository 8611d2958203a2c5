"""Records: ``@frozen`` is ``@dataclass(frozen=True, slots=True)``, ``@mutable`` is ``@dataclass``,
for the subset modelcheck uses, at a fraction of the start-up cost.

On Python 3.11 each dataclass compiles six generated methods one ``exec`` at a time (~0.8 ms a
class), and ``dataclasses`` imports ``inspect`` (~9 ms): with ~60 classes on the path of a run
that resolves models that is a fifth of a pre-commit run. Here each class costs one ``exec`` and
nothing heavy is imported. Supported: defaults, ``field(default=, default_factory=, repr=,
compare=)``, ``order=True``, ``Generic`` bases, pickling (workers send results back), ``replace``.
Not supported (and not used): inheritance between records, ``InitVar``, ``__post_init__``,
keyword-only fields. ``tests/test_record.py`` checks the behaviour against ``dataclasses``.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda decorated: decorated

T = TypeVar("T")
C = TypeVar("C", bound=type)


class FrozenInstanceError(AttributeError):
    """An attempt to assign to or delete a field of a frozen record."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """A field's options; ``name`` is filled in by the decorator."""

    __slots__ = ("name", "default", "default_factory", "repr", "compare")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


@overload
def field(*, default: T, repr: bool = True, compare: bool = True) -> T: ...
@overload
def field(*, default_factory: Callable[[], T], repr: bool = True, compare: bool = True) -> T: ...
@overload
def field(*, repr: bool = True, compare: bool = True) -> Any: ...
def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True, compare: bool = True) -> Any:
    """Options for one field, as ``dataclasses.field``."""
    return Field(default, default_factory, repr, compare)


@overload
def frozen(cls: C, /) -> C: ...
@overload
def frozen(*, order: bool = False) -> Callable[[C], C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: C | None = None, /, *, order: bool = False) -> C | Callable[[C], C]:
    """``@dataclass(frozen=True, slots=True)`` (``order=True`` adds the comparisons)."""

    def wrap(target: C) -> C:
        return _build(target, frozen=True, order=order)

    return wrap if cls is None else wrap(cls)


@dataclass_transform(field_specifiers=(field, Field))
def mutable(cls: C) -> C:
    """``@dataclass``: ``__init__``, ``__repr__`` and ``__eq__``; instances are not hashable."""
    return _build(cls, frozen=False, order=False)


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with some fields changed (``dataclasses.replace``)."""
    names: tuple[str, ...] = type(obj).__record_fields__  # type: ignore[attr-defined]
    unknown = set(changes).difference(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field(s) {', '.join(sorted(unknown))}")
    values = {name: getattr(obj, name) for name in names}
    values.update(changes)
    return type(obj)(**values)


def fields(cls_or_obj: Any) -> tuple[str, ...]:
    """The names of a record's fields, in order."""
    names: tuple[str, ...] = cls_or_obj.__record_fields__
    return names


def _fields_of(cls: type) -> list[Field]:
    out: list[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        if text.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, Field) else Field(value, MISSING, True, True)
        spec.name = name
        if out and spec.default is MISSING and spec.default_factory is MISSING and (
            out[-1].default is not MISSING or out[-1].default_factory is not MISSING
        ):
            raise TypeError(f"non-default argument {name!r} follows default argument")
        out.append(spec)
    return out


def _init_source(specs: list[Field], frozen: bool) -> str:
    """``__init__`` is the one generated function: a real signature keeps construction fast."""
    params, body = [], []
    for f in specs:
        if f.default_factory is not MISSING:
            params.append(f"{f.name}=__factory_marker")
            value = f"__factory_{f.name}() if {f.name} is __factory_marker else {f.name}"
        elif f.default is not MISSING:
            params.append(f"{f.name}=__default_{f.name}")
            value = f.name
        else:
            params.append(f.name)
            value = f.name
        body.append(f"__set(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
    return f"def __init__(self, {', '.join(params)}):\n    " + ("\n    ".join(body) or "pass") + "\n"


def _methods(specs: list[Field], frozen: bool, order: bool) -> list[Callable[..., Any]]:
    """The other methods, as closures over the field names (no code generated)."""
    shown = tuple(f.name for f in specs if f.repr)
    names = tuple(f.name for f in specs)
    compared = tuple(f.name for f in specs if f.compare)
    key: Callable[[Any], Any] = attrgetter(*compared) if compared else (lambda obj: ())
    if len(compared) == 1:
        single = key
        key = lambda obj: (single(obj),)  # noqa: E731 - a 1-tuple, as dataclasses compares

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self: Any, other: Any) -> Any:
        return key(self) == key(other) if other.__class__ is self.__class__ else NotImplemented

    out: list[Callable[..., Any]] = [__repr__, __eq__]
    if frozen:
        def __hash__(self: Any) -> int:
            return hash(key(self))

        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        def __getstate__(self: Any) -> list[Any]:
            return [getattr(self, n) for n in names]

        def __setstate__(self: Any, state: list[Any]) -> None:
            for name, value in zip(names, state):
                object.__setattr__(self, name, value)

        out += [__hash__, __setattr__, __delattr__, __getstate__, __setstate__]
    if order:
        def __lt__(self: Any, other: Any) -> Any:
            return key(self) < key(other) if other.__class__ is self.__class__ else NotImplemented

        def __le__(self: Any, other: Any) -> Any:
            return key(self) <= key(other) if other.__class__ is self.__class__ else NotImplemented

        def __gt__(self: Any, other: Any) -> Any:
            return key(self) > key(other) if other.__class__ is self.__class__ else NotImplemented

        def __ge__(self: Any, other: Any) -> Any:
            return key(self) >= key(other) if other.__class__ is self.__class__ else NotImplemented

        out += [__lt__, __le__, __gt__, __ge__]
    return out


def _build(cls: C, frozen: bool, order: bool) -> C:
    specs = _fields_of(cls)
    scope: dict[str, Any] = {"__set": object.__setattr__, "__factory_marker": MISSING}
    for f in specs:
        scope[f"__default_{f.name}"] = f.default
        scope[f"__factory_{f.name}"] = f.default_factory
    exec(_init_source(specs, frozen), scope)  # noqa: S102 - source built above from field names
    methods = [scope["__init__"], *_methods(specs, frozen, order)]
    names = tuple(f.name for f in specs)
    own = cls.__dict__
    namespace = {k: v for k, v in own.items() if k not in names and k not in ("__dict__", "__weakref__")}
    # a class body that defines __eq__ gets __hash__ = None from Python itself: not an explicit hash
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if not explicit_hash:
        namespace.pop("__hash__", None)
        if not frozen:
            namespace["__hash__"] = None  # mutable with __eq__: unhashable, as dataclasses does
    for function in methods:
        if function.__name__ in namespace:
            if function.__name__ in ("__setattr__", "__delattr__"):
                raise TypeError(f"cannot overwrite {function.__name__} in frozen record {cls.__name__}")
            continue  # the class's own method wins, as with dataclasses
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
        namespace[function.__name__] = function
    namespace["__record_fields__"] = names
    namespace["__match_args__"] = names
    if frozen:
        namespace["__slots__"] = names
    built: C = type(cls)(cls.__name__, cls.__bases__, namespace)
    built.__qualname__ = cls.__qualname__
    return built
