"""Run axe-core (vendored, tests/browser/vendor/axe.min.js) in a page and report violations readably."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A and AA violations axe finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return result["violations"]


def describe(name: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{name}] {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    at {', '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
            )
            lines.append(f"       {node['html'][:160]}")
    return "\n".join(lines)
