"""B104 hardcoded-bind-all-interfaces."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at


class HardcodedBindAllInterfaces(BanditCheck):
    """
    ## What it does
    bandit's B104 `hardcoded_bind_all_interfaces`: flags the string `"0.0.0.0"`, usually a server
    (Flask, FastAPI, gradio, a TensorBoard or Jupyter launch) listening on every network interface.

    ## Why is this bad?
    A demo app or notebook server bound to all interfaces is reachable from the whole network (or
    the internet, on a cloud VM), often without authentication, exposing the model, the data and
    sometimes a way to run code.

    ## Fix
    Bind to `127.0.0.1` and reach the app through an SSH tunnel or a reverse proxy with
    authentication; read the host from configuration when it must differ.
    """

    code = "B104"
    name = "hardcoded-bind-all-interfaces"
    severity = Severity.MEDIUM
    summary = "Binding a server to all network interfaces"
    cwe = (605,)
    bandit_test = "bandit.plugins.general_bind_all_interfaces:hardcoded_bind_all_interfaces"
    bandit_name = "hardcoded_bind_all_interfaces"
    bandit_triggers = (r"0\.0\.0\.0",)
    VALID = (
        Example(
            """
            demo.launch(server_name='127.0.0.1', server_port=7860)
            """
        ),
    )
    INVALID = (
        Example(
            """
            import uvicorn

            uvicorn.run(app, host='0.0.0.0', port=8000)
            """,
            expect=(at(3, 23, severity=Severity.MEDIUM),),
        ),
    )
