"""`helm lint --strict` for every supported Kubernetes version and values file."""

from __future__ import annotations

import helm_python as helm
import pytest
from chartlib import CHART, KUBE_VERSIONS, SCENARIOS, scenario_values

WARNING = 2


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_lint_strict_has_no_warning(scenario: str, kube_version: str) -> None:
    report = helm.lint(
        CHART, scenario_values(scenario), strict=True, kube_version=f"v{kube_version}"
    )
    problems = [m for m in report["messages"] if m["severity"] >= WARNING]
    assert not problems, problems
    assert not report["errors"], report["errors"]


def test_every_ci_values_file_is_a_scenario() -> None:
    files = {f"ci/{p.name}" for p in (CHART / "ci").glob("*-values.yaml")}
    used = {f for files_ in SCENARIOS.values() for f in files_}
    assert files <= used, f"ci files not exercised: {files - used}"
