"""MLS109 hidden-deserialization."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import (
    Category,
    Context,
    Example,
    Report,
    Rule,
    Severity,
    argument,
    at,
    keyword,
    string_value,
)

# torch.distributed collectives that pickle objects on one rank and unpickle them on the others.
OBJECT_COLLECTIVES = frozenset(
    f"torch.distributed.{name}"
    for name in (
        "recv_object_list",
        "broadcast_object_list",
        "all_gather_object",
        "gather_object",
        "scatter_object_list",
        "send_object_list",
    )
) | frozenset(
    f"torch.distributed.distributed_c10d.{name}"
    for name in (
        "recv_object_list",
        "broadcast_object_list",
        "all_gather_object",
        "gather_object",
        "scatter_object_list",
    )
)
CONNECTIONS = frozenset({"multiprocessing.connection.Listener", "multiprocessing.connection.Client"})
LOAD_DATASET = frozenset({"datasets.load_dataset", "datasets.load.load_dataset"})
_ALL_INTERFACES = frozenset({"", "0.0.0.0", "::"})


class HiddenDeserialization(Rule):
    """
    ## What it does
    Flags calls that unpickle data without saying so in their name:

    - pyzmq's `socket.recv_pyobj()` (in a document that imports `zmq`), which unpickles whatever a
      peer sends;
    - `multiprocessing.connection.Listener` and `Client` on a network address (a `(host, port)`
      tuple): every `conn.recv()` unpickles; high when listening on all interfaces without an
      `authkey`, low with an `authkey`;
    - `torch.distributed` object collectives (`recv_object_list`, `broadcast_object_list`,
      `all_gather_object`, `gather_object`, `scatter_object_list`), which unpickle what other ranks
      send (low: the trust boundary is the cluster);
    - `datasets.load_dataset` of the `pandas` builder, which reads its data files with
      `pandas.read_pickle`.

    Look-alikes are not flagged: `recv_json`, `recv_string`, a `Listener` on a Unix socket or pipe
    path, `all_gather` of tensors, `load_dataset("csv", ...)`.

    ## Why is this bad?
    Unpickling runs code chosen by whoever produced the bytes. These calls look like messaging,
    collectives or dataset loading, so their pickle is easy to miss in review: anyone who can
    reach the socket, join the process group or replace the data file runs code in the process.

    ## Fix
    Exchange data, not objects: `send_json`/`recv_json` or `send_string` with a schema, tensors
    with `all_gather`/`broadcast`, Parquet or CSV files with the matching `load_dataset` builder.
    Where pickle stays, bind to `127.0.0.1`, pass an `authkey`, and keep the peers trusted.
    """

    code = "MLS109"
    name = "hidden-deserialization"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "A messaging, collective or dataset call unpickles its input"
    cwe = (502,)
    triggers = frozenset({"recv_pyobj", "Listener", "Client", "_object", "load_dataset"})

    VALID = (
        Example(
            """
            import zmq

            sock = zmq.Context().socket(zmq.PULL)
            msg = sock.recv_json()
            text = sock.recv_string()
            """
        ),
        Example(
            """
            from multiprocessing.connection import Listener
            import torch.distributed as dist
            from datasets import load_dataset

            listener = Listener('/tmp/worker.sock')
            dist.all_gather(tensors, tensor)
            ds = load_dataset('csv', data_files='train.csv')
            """,
            title="a Unix socket, tensor collectives, a CSV dataset",
        ),
        Example(
            """
            class Queue:
                def recv_pyobj(self):
                    return self.items.pop()

            q.recv_pyobj()
            """,
            title="a method of the same name without zmq",
        ),
    )
    INVALID = (
        Example(
            """
            import zmq

            socket = zmq.Context().socket(zmq.REP)
            socket.bind("tcp://*:5555")
            request = socket.recv_pyobj()
            """,
            expect=(at(5, 11),),
        ),
        Example(
            """
            from multiprocessing.connection import Listener, Client

            server = Listener(('0.0.0.0', 6000))
            local = Listener(('localhost', 6001), authkey=b'secret')
            conn = Client((host, 6000))
            """,
            expect=(at(3, 10, severity=Severity.HIGH), at(4, 9, severity=Severity.LOW), at(5, 8)),
            title="multiprocessing connections on network addresses",
        ),
        Example(
            """
            import torch.distributed as dist
            from datasets import load_dataset

            objects = [None]
            dist.broadcast_object_list(objects, src=0)
            dist.all_gather_object(gathered, metrics)
            ds = load_dataset('pandas', data_files={'train': 'train.pkl'})
            """,
            expect=(
                at(5, 1, severity=Severity.LOW),
                at(6, 1, severity=Severity.LOW),
                at(7, 6),
            ),
            title="object collectives and pickle-backed datasets",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "recv_pyobj":
            if ctx.facts.imports("zmq"):
                yield Report(
                    "`recv_pyobj()` unpickles whatever a peer sends: anyone who can reach the socket runs code "
                    "here; use `recv_json()` or `recv_string()` with a schema",
                    node=node,
                )
            return
        name = ctx.call_name(node)
        if name in OBJECT_COLLECTIVES:
            short = name.rsplit(".", 1)[-1]
            yield Report(
                f"`{short}` unpickles the objects other ranks send: a compromised rank runs code in this "
                "process; exchange tensors, or keep every rank trusted",
                node=node,
                severity=Severity.LOW,
            )
        elif name in CONNECTIONS:
            yield from self._connection(node, name, ctx)
        elif name in LOAD_DATASET:
            yield from self._dataset(node)

    def _connection(self, node: cst.Call, name: str, ctx: Context) -> Iterator[Report]:
        address = argument(node, "address", 0)
        if address is None or not isinstance(address.value, cst.Tuple) or not address.value.elements:
            return
        host = string_value(address.value.elements[0].value)
        authkey = keyword(node, "authkey") or argument(node, "authkey", 3 if name.endswith("Listener") else 2)
        short = name.rsplit(".", 1)[-1]
        if authkey is not None:
            severity, note = Severity.LOW, "only peers with the authkey can connect, but they run code here"
        elif host in _ALL_INTERFACES and short == "Listener":
            severity, note = (
                Severity.HIGH,
                "it listens on all interfaces without an authkey: anyone on the network runs code here",
            )
        else:
            severity, note = Severity.MEDIUM, "pass an authkey and exchange plain data"
        yield Report(
            f"`{short}` on a network address: every `recv()` on its connections unpickles what the peer sends; {note}",
            node=node,
            severity=severity,
        )

    def _dataset(self, node: cst.Call) -> Iterator[Report]:
        builder = argument(node, "path", 0)
        if builder is not None and string_value(builder.value) == "pandas":
            yield Report(
                "`load_dataset('pandas', ...)` reads its data files with `pandas.read_pickle`: a data file "
                "from someone else runs code when loaded; convert it to Parquet or CSV",
                node=node,
            )
