func.func @broken(%a: tensor<?x256xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %undefined
}
