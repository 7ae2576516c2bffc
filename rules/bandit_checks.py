"""bandit's checks that mlsafe runs by default (category ``bandit``, bandit's codes).

The curated set: code execution (exec/eval), shells (``shell=True``, ``os.system``), TLS
verification turned off, weak hashes, insecure temporary files, binding all interfaces, XML parsers
open to entity attacks, SQL built by string formatting. Left out on purpose: the noisy ones (B101
``assert``, B311 ``random``, B113 request timeout, B4xx import-only warnings, B603/B607 plain
subprocess calls) and those an MLS rule reports better (B301/B302 pickle and marshal: MLS101; B506:
MLS104; B614: MLS102; B615: MLS405; B105-B107: MLS2xx; B201: MLS303). For anything else, run bandit.

Each class only describes the check; :mod:`linter.bandit_bridge` runs bandit's own test for it.
"""

from __future__ import annotations

from linter.bandit_bridge import BLACKLIST, BanditCheck
from linter.examples import code_cell, markdown_cell, notebook_example
from linter.model import Example, Severity, at

_SHELL = "bandit.plugins.injection_shell"
_XML_FIX = (
    "Parse untrusted XML with `defusedxml` (`defusedxml.ElementTree.parse`, "
    "`defusedxml.minidom.parseString`...), a drop-in replacement that refuses entity expansion and "
    "external entities."
)
_XML_WHY = (
    "The standard library's XML parsers expand entities: a crafted document can exhaust memory "
    "(\"billion laughs\") or, with some parsers, read local files. Datasets and annotations "
    "downloaded from the internet (Pascal VOC, sitemaps, RSS) are untrusted input."
)


class ExecUsed(BanditCheck):
    """
    ## What it does
    bandit's B102 `exec_used`: flags calls of the built-in `exec`.

    ## Why is this bad?
    `exec` runs any Python text it is given. When that text comes from a file, a download, a model
    output or a user, whoever controls it controls the kernel: the data, the credentials in the
    environment and the machine.

    ## Fix
    Do not build code as text. Import the function you need, dispatch through a dictionary of
    allowed callables, or parse data with `json`/`ast.literal_eval`.
    """

    code = "B102"
    name = "exec-used"
    severity = Severity.MEDIUM
    summary = "Use of exec runs arbitrary code"
    cwe = (78,)
    bandit_test = "bandit.plugins.exec:exec_used"
    bandit_name = "exec_used"
    bandit_triggers = (r"exec(?<![\w.]exec)\b",)  # a bare name: bandit flags `exec`, not `x.exec`
    VALID = (Example("import subprocess\n\nrunner.exec_module(spec)\nresult = execute(query)\n"),)
    INVALID = (Example("source = open('step.py').read()\nexec(source)\n", expect=(at(2, 1),)),)


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
    VALID = (Example("demo.launch(server_name='127.0.0.1', server_port=7860)\n"),)
    INVALID = (
        Example("import uvicorn\n\nuvicorn.run(app, host='0.0.0.0', port=8000)\n",
                expect=(at(3, 23, severity=Severity.MEDIUM),)),
    )


class HardcodedTmpDirectory(BanditCheck):
    """
    ## What it does
    bandit's B108 `hardcoded_tmp_directory`: flags string paths under `/tmp`, `/var/tmp` or
    `/dev/shm`.

    ## Why is this bad?
    Those directories are shared by every user of the machine. Another user can create the file
    first (or a symlink with its name) and read what you write, or feed you a model or a dataset of
    their choosing; on shared GPU servers and notebook hubs this is a real attack.

    ## Fix
    Create a private temporary file or directory with `tempfile.mkstemp`,
    `tempfile.NamedTemporaryFile` or `tempfile.TemporaryDirectory`, or use a directory of your own.
    """

    code = "B108"
    name = "hardcoded-tmp-directory"
    severity = Severity.MEDIUM
    summary = "Hard-coded path in a shared temporary directory"
    cwe = (377,)
    bandit_test = "bandit.plugins.general_hardcoded_tmp:hardcoded_tmp_directory"
    bandit_name = "hardcoded_tmp_directory"
    bandit_triggers = (r"/tmp", r"/dev/shm")
    VALID = (
        Example("import tempfile\n\nwith tempfile.TemporaryDirectory() as tmp:\n    model.save_pretrained(tmp)\n"),
    )
    INVALID = (
        Example("import torch\n\ntorch.save(model.state_dict(), '/tmp/checkpoint.pt')\n", expect=(at(3, 32),)),
    )


class InsecureHashCrypto(BanditCheck):
    """
    ## What it does
    bandit's B303 `md5`: flags MD2, MD4, MD5 and SHA-1 from PyCryptodome (`Crypto.Hash`,
    `Cryptodome.Hash`) and `cryptography`'s `hashes.MD5`/`hashes.SHA1`.

    ## Why is this bad?
    These hashes are broken: collisions can be made on purpose, so they cannot vouch for the
    integrity of a model file or sign data.

    ## Fix
    Use SHA-256 or better (`Crypto.Hash.SHA256`, `hashes.SHA256()`). For checksums that protect
    nothing, say so with `hashlib.md5(data, usedforsecurity=False)`.
    """

    code = "B303"
    name = "md5"
    severity = Severity.MEDIUM
    summary = "Insecure hash function (MD2, MD4, MD5, SHA-1) from a crypto library"
    cwe = (327,)
    bandit_test = BLACKLIST
    bandit_name = "md5"
    bandit_triggers = (r"Crypt", r"crypt")  # Crypto, Cryptodome, cryptography
    VALID = (Example("from Crypto.Hash import SHA256\n\ndigest = SHA256.new(data).hexdigest()\n"),)
    INVALID = (Example("from Crypto.Hash import MD5\n\ndigest = MD5.new(data).hexdigest()\n", expect=(at(3, 10),)),)


class Mktemp(BanditCheck):
    """
    ## What it does
    bandit's B306 `mktemp_q`: flags `tempfile.mktemp`.

    ## Why is this bad?
    `mktemp` returns a name without creating the file, so another process can create it first
    (a race condition documented as insecure and deprecated since Python 2.3).

    ## Fix
    Use `tempfile.mkstemp()`, `tempfile.NamedTemporaryFile()` or `tempfile.TemporaryDirectory()`,
    which create the file or directory atomically.
    """

    code = "B306"
    name = "mktemp-q"
    severity = Severity.MEDIUM
    summary = "Insecure, deprecated tempfile.mktemp"
    cwe = (377,)
    bandit_test = BLACKLIST
    bandit_name = "mktemp_q"
    bandit_triggers = (r"mktemp",)
    VALID = (Example("import tempfile\n\nfd, path = tempfile.mkstemp(suffix='.onnx')\n"),)
    INVALID = (Example("import tempfile\n\npath = tempfile.mktemp(suffix='.onnx')\n", expect=(at(3, 8),)),)


class EvalUsed(BanditCheck):
    """
    ## What it does
    bandit's B307 `eval`: flags calls of the built-in `eval`. A method that shares the name, such
    as PyTorch's `model.eval()`, is not flagged.

    ## Why is this bad?
    `eval` runs any Python expression it is given, so text from a file, a form, a model's output or
    a prompt becomes code running with the notebook's permissions.

    ## Fix
    Use `ast.literal_eval` for literals, `json.loads` for data, or a dictionary of allowed
    operations.
    """

    code = "B307"
    name = "eval"
    severity = Severity.MEDIUM
    summary = "Use of eval runs arbitrary code"
    cwe = (78,)
    bandit_test = BLACKLIST
    bandit_name = "eval"
    bandit_triggers = (r"eval(?<![\w.]eval)\b",)  # a bare name: bandit flags `eval`, not `model.eval`
    VALID = (
        Example("import ast\n\nmodel.eval()\nparams = ast.literal_eval(text)\n",
                title="model.eval() and ast.literal_eval"),
    )
    INVALID = (
        notebook_example(
            code_cell("import json"),
            code_cell("answer = llm(prompt)\nresult = eval(answer)"),
            expect=(at(2, 10, cell=2),),
            title="evaluating a language model's answer",
        ),
    )


class XmlElementTree(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B314 `xml_bad_ElementTree`: flags `xml.etree.ElementTree` `parse`, `iterparse`,
    `fromstring` and `XMLParser`.

    ## Why is this bad?
    {_XML_WHY}

    ## Fix
    {_XML_FIX}
    """

    code = "B314"
    name = "xml-bad-elementtree"
    severity = Severity.MEDIUM
    summary = "xml.etree.ElementTree parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_ElementTree"
    bandit_triggers = (r"xml",)
    VALID = (Example("import defusedxml.ElementTree as ET\n\ntree = ET.parse('annotations/0001.xml')\n"),)
    INVALID = (
        Example("import xml.etree.ElementTree as ET\n\ntree = ET.parse('annotations/0001.xml')\n",
                expect=(at(3, 8),)),
    )


class XmlExpatReader(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B315 `xml_bad_expatreader`: flags `xml.sax.expatreader.create_parser`.

    ## Why is this bad?
    {_XML_WHY}

    ## Fix
    {_XML_FIX}
    """

    code = "B315"
    name = "xml-bad-expatreader"
    severity = Severity.MEDIUM
    summary = "xml.sax.expatreader parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_expatreader"
    bandit_triggers = (r"xml",)
    VALID = (Example("import defusedxml.expatreader as er\n\nparser = er.create_parser()\n"),)
    INVALID = (Example("import xml.sax.expatreader as er\n\nparser = er.create_parser()\n", expect=(at(3, 10),)),)


class XmlExpatBuilder(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B316 `xml_bad_expatbuilder`: flags `xml.dom.expatbuilder` `parse` and `parseString`.

    ## Why is this bad?
    {_XML_WHY}

    ## Fix
    {_XML_FIX}
    """

    code = "B316"
    name = "xml-bad-expatbuilder"
    severity = Severity.MEDIUM
    summary = "xml.dom.expatbuilder parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_expatbuilder"
    bandit_triggers = (r"xml",)
    VALID = (Example("import defusedxml.expatbuilder as eb\n\ndoc = eb.parseString(text)\n"),)
    INVALID = (Example("from xml.dom import expatbuilder\n\ndoc = expatbuilder.parseString(text)\n",
                       expect=(at(3, 7),)),)


class XmlSax(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B317 `xml_bad_sax`: flags `xml.sax` `parse`, `parseString` and `make_parser`.

    ## Why is this bad?
    {_XML_WHY}

    ## Fix
    {_XML_FIX}
    """

    code = "B317"
    name = "xml-bad-sax"
    severity = Severity.MEDIUM
    summary = "xml.sax parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_sax"
    bandit_triggers = (r"xml",)
    VALID = (Example("import defusedxml.sax\n\ndefusedxml.sax.parse(path, handler)\n"),)
    INVALID = (Example("import xml.sax\n\nxml.sax.parse(path, handler)\n", expect=(at(3, 1),)),)


class XmlMinidom(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B318 `xml_bad_minidom`: flags `xml.dom.minidom` `parse` and `parseString`.

    ## Why is this bad?
    {_XML_WHY}

    ## Fix
    {_XML_FIX}
    """

    code = "B318"
    name = "xml-bad-minidom"
    severity = Severity.MEDIUM
    summary = "xml.dom.minidom parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_minidom"
    bandit_triggers = (r"xml",)
    VALID = (Example("from defusedxml import minidom\n\ndoc = minidom.parse(path)\n"),)
    INVALID = (Example("from xml.dom import minidom\n\ndoc = minidom.parse(path)\n", expect=(at(3, 7),)),)


class XmlPulldom(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B319 `xml_bad_pulldom`: flags `xml.dom.pulldom` `parse` and `parseString`.

    ## Why is this bad?
    {_XML_WHY}

    ## Fix
    {_XML_FIX}
    """

    code = "B319"
    name = "xml-bad-pulldom"
    severity = Severity.MEDIUM
    summary = "xml.dom.pulldom parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_pulldom"
    bandit_triggers = (r"xml",)
    VALID = (Example("from defusedxml import pulldom\n\nevents = pulldom.parse(path)\n"),)
    INVALID = (Example("from xml.dom import pulldom\n\nevents = pulldom.parse(path)\n", expect=(at(3, 10),)),)


class UnverifiedContext(BanditCheck):
    """
    ## What it does
    bandit's B323 `unverified_context`: flags calls of `ssl._create_unverified_context`.

    ## Why is this bad?
    An unverified context accepts any certificate, so anyone on the network path can impersonate
    the server and swap the model or dataset being downloaded, or read the credentials sent.

    ## Fix
    Use `ssl.create_default_context()`. If a corporate proxy re-signs traffic, point
    `cafile=`/`SSL_CERT_FILE` at its certificate instead of turning verification off.
    """

    code = "B323"
    name = "unverified-context"
    severity = Severity.MEDIUM
    summary = "TLS context that does not verify certificates"
    cwe = (295,)
    bandit_test = BLACKLIST
    bandit_name = "unverified_context"
    bandit_triggers = (r"_create_unverified_context",)
    VALID = (Example("import ssl\n\ncontext = ssl.create_default_context()\n"),)
    INVALID = (Example("import ssl\n\ncontext = ssl._create_unverified_context()\n", expect=(at(3, 11),)),)


class HashlibInsecure(BanditCheck):
    """
    ## What it does
    bandit's B324 `hashlib`: flags `hashlib.md4`, `md5`, `sha1` (and `hashlib.new` with those
    names) without `usedforsecurity=False`, and weak `crypt` methods.

    ## Why is this bad?
    MD5 and SHA-1 collisions can be produced on purpose, so a digest made with them cannot prove a
    downloaded model or dataset is the one you expect, nor protect passwords or tokens.

    ## Fix
    Use `hashlib.sha256` (or `blake2b`). When the hash protects nothing (a cache key, a
    de-duplication checksum), say so: `hashlib.md5(data, usedforsecurity=False)`.
    """

    code = "B324"
    name = "hashlib"
    severity = Severity.HIGH
    summary = "Weak hash (MD4, MD5, SHA-1) used for security"
    cwe = (327,)
    bandit_test = "bandit.plugins.hashlib_insecure_functions:hashlib"
    bandit_name = "hashlib"
    bandit_triggers = (r"hashlib", r"crypt")
    VALID = (
        Example("import hashlib\n\ndigest = hashlib.sha256(blob).hexdigest()\n"
                "key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()\n"),
    )
    INVALID = (
        Example("import hashlib\n\n"
                "if hashlib.md5(blob).hexdigest() != EXPECTED_MD5:\n    raise ValueError('corrupt')\n",
                expect=(at(3, 4, severity=Severity.HIGH),)),
    )


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
    VALID = (Example("import requests\n\nresp = requests.get(URL, verify='/etc/ssl/corp-ca.pem', timeout=30)\n"),)
    INVALID = (
        Example("import requests\n\nresp = requests.get(\n    WEIGHTS_URL,\n    verify=False,\n)\n",
                expect=(at(5, 5, severity=Severity.HIGH),), title="reported at the verify argument"),
    )


class SubprocessShellTrue(BanditCheck):
    """
    ## What it does
    bandit's B602 `subprocess_popen_with_shell_equals_true`: flags `subprocess` calls (`run`,
    `Popen`, `call`, `check_call`, `check_output`) with `shell=True` and a command built at run
    time. A literal command, which bandit reports at low severity as "seems safe", is not reported:
    nothing can be injected into it (mlsafe's MLS4xx rules look at what such commands install or
    run).

    ## Why is this bad?
    With `shell=True` the command line is interpreted by a shell: a file name, a URL or a
    parameter containing `;`, `|` or `$(...)` runs extra commands.

    ## Fix
    Pass the command as a list without a shell: `subprocess.run(["wget", url, "-O", path],
    check=True)`. If a shell is unavoidable, quote every variable part with `shlex.quote`.
    """

    code = "B602"
    name = "subprocess-popen-with-shell-equals-true"
    severity = Severity.HIGH
    summary = "subprocess call with shell=True"
    cwe = (78,)
    bandit_test = f"{_SHELL}:subprocess_popen_with_shell_equals_true"
    bandit_min_severity = Severity.MEDIUM
    bandit_name = "subprocess_popen_with_shell_equals_true"
    bandit_triggers = (r"shell(?<!\wshell)\s*=",)
    VALID = (
        Example("import subprocess\n\nsubprocess.run(['nvidia-smi', '--query-gpu=name'], check=True)\n"),
        Example("import subprocess\n\nsubprocess.run(cmd, shell=True)  # nosec B602\n", title="# nosec B602"),
        Example("import subprocess\n\nsubprocess.run(cmd, shell=True)  # nosec\n", title="bare # nosec"),
        Example("import subprocess\n\nsubprocess.run(cmd, shell=True)  # noqa: B602\n", title="# noqa: B602"),
        Example("import subprocess\n\nsubprocess.run('nvidia-smi', shell=True)\n",
                title="a literal command: nothing to inject"),
    )
    INVALID = (
        Example("import subprocess\n\nsubprocess.run(f'unzip {archive} -d data/', shell=True)\n",
                expect=(at(3, 1, severity=Severity.HIGH),)),
        Example("import subprocess\n\nsubprocess.run(cmd, shell=True)  # nosec B101\n",
                expect=(at(3, 1),), title="a nosec naming another check does not silence it"),
        notebook_example(
            code_cell("import subprocess as sp"),
            markdown_cell("## Download the data"),
            code_cell("cmd = f'wget {DATA_URL} -O data.zip'\nsp.run(cmd, shell=True)\n!ls data"),
            expect=(at(2, 1, cell=3, severity=Severity.HIGH),),
            title="mapped to the notebook cell and line",
        ),
    )


class AnyFunctionWithShellTrue(BanditCheck):
    """
    ## What it does
    bandit's B604 `any_other_function_with_shell_equals_true`: flags calls of other functions
    (wrappers, third-party helpers) passed `shell=True`.

    ## Why is this bad?
    A helper taking `shell=True` most likely hands its command to a shell, with the same injection
    risk as `subprocess` with `shell=True`.

    ## Fix
    Pass the command as a list and drop `shell=True`, or quote every variable part with
    `shlex.quote`.
    """

    code = "B604"
    name = "any-other-function-with-shell-equals-true"
    severity = Severity.MEDIUM
    summary = "Function call with shell=True"
    cwe = (78,)
    bandit_test = f"{_SHELL}:any_other_function_with_shell_equals_true"
    bandit_name = "any_other_function_with_shell_equals_true"
    bandit_triggers = (r"shell(?<!\wshell)\s*=",)
    VALID = (Example("run_command(['ls', '-l'], shell=False)\n"),)
    INVALID = (Example("run_command(f'ls {folder}', shell=True)\n", expect=(at(1, 1, severity=Severity.MEDIUM),)),)


class StartProcessWithShell(BanditCheck):
    """
    ## What it does
    bandit's B605 `start_process_with_a_shell`: flags `os.system`, `os.popen` and the other calls
    that always run their command through a shell, when the command is built at run time. A literal
    command (bandit's low-severity "seems safe" case) is not reported.

    ## Why is this bad?
    The command line is interpreted by a shell, so a variable part holding `;`, `|` or `$(...)`
    runs extra commands.

    ## Fix
    Use `subprocess.run([...], check=True)` with a list of arguments, which also reports failures
    that `os.system` silently returns as a status code.
    """

    code = "B605"
    name = "start-process-with-a-shell"
    severity = Severity.HIGH
    summary = "Starting a process with a shell (os.system, os.popen)"
    cwe = (78,)
    bandit_test = f"{_SHELL}:start_process_with_a_shell"
    bandit_min_severity = Severity.MEDIUM
    bandit_name = "start_process_with_a_shell"
    # the called name as written: os.system, os.popen[234], popen2.*, commands./subprocess.get*output
    bandit_triggers = (r"system(?<!\wsystem)\b", r"popen(?<!\wpopen)[234]?\b", r"Popen(?<!\wPopen)[34]\b",
                       r"getoutput", r"getstatusoutput")
    VALID = (
        Example("import subprocess\n\nsubprocess.run(['tar', 'xzf', archive], check=True)\n"),
        Example("import os\n\nos.system('nvidia-smi')\n", title="a literal command: nothing to inject"),
    )
    INVALID = (
        Example("import os\n\nos.system('tar xzf ' + archive)\n", expect=(at(3, 1, severity=Severity.HIGH),)),
    )


class HardcodedSqlExpressions(BanditCheck):
    """
    ## What it does
    bandit's B608 `hardcoded_sql_expressions`: flags SQL statements (`SELECT ... FROM`,
    `INSERT INTO`, `UPDATE ... SET`, `DELETE FROM`) built with string formatting, `+`, `%` or
    f-strings.

    ## Why is this bad?
    A value spliced into SQL text can change the query (SQL injection): a feature-store lookup or a
    labelling app that builds queries this way can leak or delete whole tables.

    ## Fix
    Pass values as query parameters: `cursor.execute("SELECT * FROM users WHERE id = %s",
    (user_id,))`, `pd.read_sql(query, con, params=...)`, or SQLAlchemy's `text()` with bound
    parameters.
    """

    code = "B608"
    name = "hardcoded-sql-expressions"
    severity = Severity.MEDIUM
    summary = "SQL query built by string formatting"
    cwe = (89,)
    bandit_test = "bandit.plugins.injection_sql:hardcoded_sql_expressions"
    bandit_name = "hardcoded_sql_expressions"
    # bandit matches `select\s`, `delete\s`, `insert\s`, `update\s` in the joined string parts: in
    # the code the word is followed by whitespace, an escape or the end of one literal
    bandit_triggers = tuple(rf"(?i){word}[\s'\"\\]" for word in ("select", "delete", "insert", "update"))
    VALID = (
        Example("import pandas as pd\n\ndf = pd.read_sql('SELECT * FROM users WHERE id = %s', con, params=(uid,))\n"),
    )
    INVALID = (
        Example("import pandas as pd\n\ndf = pd.read_sql(f'SELECT * FROM users WHERE id = {uid}', con)\n",
                expect=(at(3, 18),)),
    )
