"""The guide's blocks are collected by the k8sdoctest pytest plugin (`k8sdoctest_paths` in pyproject.toml).

A docs project that does not want an ini setting can instead write this one line:
    from k8sdoctest.pytest_plugin import collect_markdown as pytest_collect_file
"""
