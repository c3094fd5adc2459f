"""The helm chart renders for the small and the large values and every manifest is a valid
Kubernetes object (schemas of kubernetes-validate, offline) at the chart's oldest supported
version and at the newest one bundled.

No helm binary is available here: ops/helm_render.py renders the templates (the part of Go's
template language the chart uses; anything else raises instead of rendering wrongly)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from ops import check_deploy, helm_render

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "lq"
SMALL = CHART / "values-small.yaml"
LARGE = CHART / "values-large.yaml"
# The chart's kubeVersion (>=1.25) and the newest schemas kubernetes-validate ships.
KUBERNETES_VERSIONS = ("1.25.0", "1.37.0")


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {
        "default": helm_render.manifests(),
        "small": helm_render.manifests(SMALL),
        "large": helm_render.manifests(LARGE),
    }


def by_kind(manifests: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def env_of(deployment: dict[str, Any]) -> dict[str, Any]:
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


@pytest.mark.parametrize("values", ["default", "small", "large"])
@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_validates(
    rendered: dict[str, list[dict[str, Any]]], values: str, version: str
) -> None:
    manifests = rendered[values]
    assert {m["kind"] for m in manifests} >= {"Deployment", "Service", "Ingress", "Job"}
    for manifest in manifests:
        # strict: a field the schema does not know (a typo, a wrong nesting) is an error too.
        kubernetes_validate.validate(manifest, version, strict=True)


def test_small_runs_fixed_replicas_without_citus(rendered: dict[str, list[dict[str, Any]]]) -> None:
    small = rendered["small"]
    deployments = by_kind(small, "Deployment")
    assert by_kind(small, "HorizontalPodAutoscaler") == {}
    assert deployments["lq-web"]["spec"]["replicas"] == 2
    assert deployments["lq-worker"]["spec"]["replicas"] == 1
    assert deployments["lq-beat"]["spec"]["replicas"] == 1
    assert env_of(deployments["lq-web"])["LQ_CITUS_SCHEMA_SHARDING"] == "false"
    volumes = deployments["lq-web"]["spec"]["template"]["spec"]["volumes"]
    assert {"name": "media", "persistentVolumeClaim": {"claimName": "lq-media"}} in volumes


def test_large_autoscales_on_citus(rendered: dict[str, list[dict[str, Any]]]) -> None:
    large = rendered["large"]
    deployments = by_kind(large, "Deployment")
    autoscalers = by_kind(large, "HorizontalPodAutoscaler")
    assert sorted(autoscalers) == ["lq-web", "lq-worker"]
    assert autoscalers["lq-web"]["spec"]["maxReplicas"] == 40
    # The autoscaler owns the count: a fixed one would be reset on every upgrade.
    assert "replicas" not in deployments["lq-web"]["spec"]
    assert "replicas" not in deployments["lq-worker"]["spec"]
    assert deployments["lq-beat"]["spec"]["replicas"] == 1
    web = env_of(deployments["lq-web"])
    assert web["LQ_CITUS_SCHEMA_SHARDING"] == "true"
    assert web["DB_CONN_MAX_TOWNS"] == "200"  # overridden, the other env entries kept
    assert web["SECURE_SSL_REDIRECT"] == "true"
    assert web["SECRET_KEY"] == {"secretKeyRef": {"name": "lq-secrets", "key": "SECRET_KEY"}}
    pod = deployments["lq-web"]["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"lq.example/pool": "web"}
    assert pod["tolerations"][0]["effect"] == "NoSchedule"
    assert by_kind(large, "PodDisruptionBudget")["lq-web"]["spec"]["minAvailable"] == 4
    hook = by_kind(large, "Job")["lq-migrate"]
    assert hook["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert hook["spec"]["activeDeadlineSeconds"] == 10800


def test_the_backup_bucket_reaches_every_pod_and_its_key_only_from_the_secret(
    rendered: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    # the large values name a bucket: every LQ pod (the worker backs up, web runs the drill)
    for name, deployment in by_kind(rendered["large"], "Deployment").items():
        env = env_of(deployment)
        assert env["LQ_BACKUP_BUCKET"] == "lq-media", name
        assert env["LQ_BACKUP_ENDPOINT_URL"] == "https://fra1.digitaloceanspaces.com"
        assert (env["LQ_BACKUP_REGION"], env["LQ_BACKUP_PREFIX"]) == ("fra1", "town-backups")
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            assert env[key] == {
                "secretKeyRef": {"name": "lq-secrets", "key": key, "optional": True}
            }
    # the default values name none: the settings' folder, no empty bucket name
    web = by_kind(rendered["default"], "Deployment")["lq-web"]
    assert "LQ_BACKUP_BUCKET" not in env_of(web)
    assert "serviceAccountName" not in web["spec"]["template"]["spec"]
    # a service account (an IAM role's, IRSA) is passed to the pods when named
    values = tmp_path / "sa.yaml"
    values.write_text("serviceAccountName: lq-backups\n")
    for deployment in by_kind(helm_render.manifests(values), "Deployment").values():
        assert deployment["spec"]["template"]["spec"]["serviceAccountName"] == "lq-backups"


def test_the_validation_can_fail(rendered: dict[str, list[dict[str, Any]]]) -> None:
    web = yaml.safe_load(yaml.safe_dump(by_kind(rendered["small"], "Deployment")["lq-web"]))
    web["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSIONS[0], strict=True)
    web["spec"]["replicas"] = 2
    web["spec"]["template"]["spec"]["containers"][0]["resource"] = {}  # a typo of resources
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSIONS[0], strict=True)


def write_chart(tmp_path: Path, template: str, values: str = "a: 1\n") -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: t\nversion: 1.2.3\n")
    (tmp_path / "values.yaml").write_text(values)
    (tmp_path / "templates" / "t.yaml").write_text(template)
    return tmp_path


def render_one(tmp_path: Path, template: str, values: str = "a: 1\n") -> str:
    chart = helm_render.Chart(write_chart(tmp_path, template, values))
    return chart.render(helm_render.values(chart=tmp_path))["t.yaml"]


def test_the_renderer_follows_go_templates(tmp_path: Path) -> None:
    template = (
        '{{- define "n" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 3 }}{{- end -}}\n'
        'name: {{ include "n" . }}\n'
        "{{- range $k, $v := .Values.m }}\n{{ $k }}: {{ $v | quote }}\n{{- end }}\n"
        "{{- with .Values.missing }}\nnever: here\n{{- else }}\nelse: {{ .Values.a }}\n{{- end }}\n"
        '{{- if not .Values.flag }}\nflag: {{ .Values.flag | ternary "set" "unset" }}\n{{- end }}\n'
        "list:{{ toYaml .Values.l | nindent 2 }}\n"
        '{{- $x := index .Values "m" }}\nc: {{ $x.b | default "d" }}\nd: {{ $x.zz | default "d" }}\n'
    )
    values = "a: 1\nflag: false\nm: {b: 2, a: x}\nl: [1, {k: v}]\n"
    assert yaml.safe_load(render_one(tmp_path, template, values)) == {
        "name": "lq-",
        "a": "x",
        "b": "2",
        "c": 2,
        "d": "d",
        "else": 1,
        "flag": "unset",
        "list": [1, {"k": "v"}],
    }


def test_the_renderer_refuses_what_it_does_not_know(tmp_path: Path) -> None:
    with pytest.raises(helm_render.TemplateError, match="lookup"):
        render_one(tmp_path, '{{ lookup "v1" "Secret" "ns" "name" }}\n')


def test_every_checkov_skip_gives_its_reason() -> None:
    places = [ROOT / "ops" / "Dockerfile", *(ROOT / "terraform").rglob("*.tf")]
    skips = [
        line.strip()
        for path in places
        for line in path.read_text().splitlines()
        if "checkov:skip" in line
    ]
    assert skips, "the Dockerfile's HEALTHCHECK skip is expected"
    for skip in skips:
        check, _, reason = skip.split("checkov:skip=", 1)[1].partition(":")
        assert check.startswith("CKV") and len(reason.split()) >= 3, skip


# checkov has its own virtualenv (it pins packaging<24): `./lq test` makes it before pytest
# starts, ensure_checkov() here only when pytest runs on its own. Skipped only when asked.
needs_checkov = pytest.mark.skipif(
    os.environ.get("LQ_SKIP_CHECKOV") == "1", reason="LQ_SKIP_CHECKOV=1: checkov not run"
)


@needs_checkov
def test_checkov_finds_nothing() -> None:
    program = check_deploy.ensure_checkov()
    terraform, dockerfile = (check_deploy.scan(t, f, program) for t, f in check_deploy.TARGETS)
    assert terraform.clean and dockerfile.clean, (terraform, dockerfile)
    assert terraform.passed >= 2  # checkov did read them: the Spaces bucket private, versioned
    assert dockerfile.passed >= 20 and dockerfile.skipped == 1  # the HEALTHCHECK, with a reason


@needs_checkov
def test_checkov_flags_a_bad_setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = check_deploy.ensure_checkov()
    (tmp_path / "main.tf").write_text(
        'resource "digitalocean_spaces_bucket" "media" {\n'
        '  name   = "lq-media"\n  region = "fra1"\n  acl    = "public-read"\n}\n'
    )
    (tmp_path / "broken.tf").write_text('resource "digitalocean_spaces_bucket" "x" {\n  name =\n')
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.11-slim\nCOPY . /app\nCMD python /app/x.py\n")

    terraform = check_deploy.scan(tmp_path, "terraform", program)
    status = check_deploy.check(((dockerfile, "dockerfile"),))

    # public, and without versioning (which would keep a deleted town's backups)
    assert sorted(c[0] for c in terraform.failed) == ["CKV_DIO_1", "CKV_DIO_3"]
    assert terraform.failed[0][1] == "digitalocean_spaces_bucket.media"
    # checkov exits 0 on a file it cannot parse; the runner does not pass it.
    assert terraform.parsing_errors == 1 and not terraform.clean
    assert status == 1
    printed = capsys.readouterr().out
    assert "FAILED CKV_DOCKER_3" in printed  # no USER: the container runs as root
    assert "FAILED CKV_DOCKER_2" in printed  # no HEALTHCHECK, and no skip saying why


def test_a_failed_checkov_install_says_so(tmp_path: Path) -> None:
    # An install that fails raises with pip's words, and leaves nothing that passes as ready.
    missing = tmp_path / "no-such-checkov.whl"
    with pytest.raises(check_deploy.CheckovUnavailable, match=r"no-such-checkov\.whl"):
        check_deploy.ensure_checkov(tmp_path / "checkov-0", str(missing))
    assert not (tmp_path / "checkov-0" / ".installed").exists()
