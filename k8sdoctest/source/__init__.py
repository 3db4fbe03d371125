"""Sources → pages: Markdown (sybil's fence lexer), plain YAML/shell/JSON files, includes, claims."""
