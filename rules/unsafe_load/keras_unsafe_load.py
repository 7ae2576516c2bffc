"""MLS105 keras-unsafe-load."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, at, is_false, keyword, without_arg
from linter.rules.unsafe_load._loading import load_severity, shown_name

KERAS_PREFIXES = ("keras.", "tensorflow.keras.", "tf_keras.", "tensorflow.python.keras.")
ENABLE_UNSAFE = "config.enable_unsafe_deserialization"


def _is_keras(name: str | None) -> bool:
    return bool(name) and name.startswith(KERAS_PREFIXES)  # type: ignore[union-attr]


class KerasUnsafeLoad(Rule):
    """
    ## What it does
    Flags Keras (`keras`, `tf.keras`, `tf_keras`) loading with `safe_mode=False`
    (`load_model`, `model_from_json`, `deserialize`...) and
    `keras.config.enable_unsafe_deserialization()`.

    ## Why is this bad?
    Keras' safe mode refuses to deserialise `Lambda` layers, whose Python bytecode runs when the
    model is loaded. Turning it off lets a model file from elsewhere execute code.

    ## Fix
    Drop `safe_mode=False` (`mlsafe check --fix` does) and rebuild custom layers as registered
    classes instead of `Lambda` layers.
    """

    code = "MLS105"
    name = "keras-unsafe-load"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "Keras loading with safe_mode=False can run code from the model file"
    cwe = (502,)
    triggers = frozenset({"safe_mode", "enable_unsafe_deserialization"})
    fix_title = "Drop `safe_mode=False`"

    VALID = (
        Example(
            """
            import keras

            model = keras.models.load_model('model.keras')
            """
        ),
        Example(
            """
            import tensorflow as tf

            model = tf.keras.models.load_model('model.keras', safe_mode=True)
            """
        ),
        Example(
            """
            from mylib import load_model

            model = load_model('x', safe_mode=False)
            """,
            title="not Keras",
        ),
    )
    INVALID = (
        Example(
            """
            import keras

            model = keras.models.load_model('model.keras', safe_mode=False)
            """,
            expect=(at(3, 48),),
            fixed="""
            import keras

            model = keras.models.load_model('model.keras')
            """,
        ),
        Example(
            """
            import tensorflow as tf
            from keras.saving import load_model

            a = tf.keras.models.load_model(
                path,
                safe_mode=False,
            )
            b = load_model(p, compile=False, safe_mode=False)
            """,
            expect=(at(6, 5), at(8, 34)),
            title="tf.keras, from-imports, multi-line",
            fixed="""
            import tensorflow as tf
            from keras.saving import load_model

            a = tf.keras.models.load_model(
                path,
            )
            b = load_model(p, compile=False)
            """,
        ),
        Example(
            """
            import keras

            keras.config.enable_unsafe_deserialization()
            """,
            expect=(at(3, 1),),
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        if not _is_keras(name):
            return
        assert name is not None
        if name.endswith(ENABLE_UNSAFE):
            yield Report(
                f"{shown_name(node, name)} turns off Keras safe mode for every later load; "
                "model files can then run code",
                node=node,
            )
            return
        safe_mode = keyword(node, "safe_mode")
        if safe_mode is None or not is_false(safe_mode.value):
            return
        severity, note = load_severity(node, ctx)
        yield Report(
            f"{shown_name(node, name)} with safe_mode=False can run code from Lambda layers{note}; "
            "drop safe_mode=False",
            node=safe_mode,
            severity=severity,
            replacement=without_arg(node, safe_mode),
            fix_target=node,
        )
