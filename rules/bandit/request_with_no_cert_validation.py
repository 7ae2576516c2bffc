"""B501 request-with-no-cert-validation."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at


class RequestWithNoCertValidation(BanditCheck):
    """
    ## What it does
    bandit's B501 `request_with_no_cert_validation`: flags `requests` and `httpx` calls with
    `verify=False`.

    ## Why is this bad?
    Without certificate checks anyone on the network path can impersonate the server: swap the
    weights or data being downloaded, or read the API key sent with the request.

    ## Fix
    Drop `verify=False`. Behind a proxy that re-signs traffic, pass its certificate bundle:
    `verify="/path/to/ca.pem"` or `REQUESTS_CA_BUNDLE`.
    """

    code = "B501"
    name = "request-with-no-cert-validation"
    severity = Severity.HIGH
    summary = "HTTP request with certificate verification turned off"
    cwe = (295,)
    bandit_test = "bandit.plugins.crypto_request_no_cert_validation:request_with_no_cert_validation"
    bandit_name = "request_with_no_cert_validation"
    bandit_triggers = (r"verify\s*=\s*False",)
    VALID = (
        Example(
            """
            import requests

            resp = requests.get(URL, verify='/etc/ssl/corp-ca.pem', timeout=30)
            """
        ),
    )
    INVALID = (
        Example(
            """
            import requests

            resp = requests.get(
                WEIGHTS_URL,
                verify=False,
            )
            """,
            expect=(at(5, 5, severity=Severity.HIGH),),
            title="reported at the verify argument",
        ),
    )
