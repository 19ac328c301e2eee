# cmake -DINPUT=file -DOUTPUT=file.c -DSYMBOL=name -P embed.cmake
# Writes the input's bytes as a NUL-terminated C array, so the library carries
# its dialect definition and needs no file at run time.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" body "${body}")
file(WRITE "${OUTPUT}"
  "/* Generated from ${INPUT} by cmake/embed.cmake. Do not edit. */\n"
  "#include <stddef.h>\n"
  "const char ${SYMBOL}[] = {\n${body}0x00};\n"
  "const size_t ${SYMBOL}Size = ${size};\n")
