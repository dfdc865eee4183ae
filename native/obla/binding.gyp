{
  "targets": [
    {
      "target_name": "obla",
      "sources": ["src/obla.c"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread", "/usr/include/openblas"],
      "cflags": ["-O3", "-fno-math-errno", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-lopenblas", "-llapacke"]
    }
  ]
}
