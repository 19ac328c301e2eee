# How C code links MLIR here: Debian's libMLIR.so exports no C-API symbols, so
# we link the libMLIRCAPI*.a archives we use, then the shared libMLIR/libLLVM.
# The CMake targets MLIRCAPI* would pull static MLIR libraries instead, and a
# plugin must share the host tool's single copy of MLIR.
set(BITBLAS_MLIR_LIBDIR "${LLVM_LIBRARY_DIR}")
set(BITBLAS_CAPI_COMPONENTS
  IR RegisterEverything Transforms Conversion Interfaces IRDL Func Arith Linalg
  Tensor SCF GPU LLVM NVVM ROCDL MemRef Vector Math Quant ExecutionEngine Target)
set(BITBLAS_CAPI_ARCHIVES "")
foreach(c ${BITBLAS_CAPI_COMPONENTS})
  set(lib "${BITBLAS_MLIR_LIBDIR}/libMLIRCAPI${c}.a")
  if(NOT EXISTS "${lib}")
    message(FATAL_ERROR "missing ${lib}: install libmlir-22-dev")
  endif()
  list(APPEND BITBLAS_CAPI_ARCHIVES "${lib}")
endforeach()

set(BITBLAS_MLIR_SHARED "${BITBLAS_MLIR_LIBDIR}/libMLIR.so" "${BITBLAS_MLIR_LIBDIR}/libLLVM.so")

# Compile flags for the few C++ bridge files (LLVM headers, RTTI as LLVM was built).
function(bitblas_mlir_cxx target)
  target_include_directories(${target} SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  separate_arguments(defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_options(${target} PRIVATE ${defs})
  if(NOT LLVM_ENABLE_RTTI)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-rtti>)
  endif()
endfunction()

# Link a target against the C API archives (in a group: they refer to each other)
# and the shared MLIR/LLVM libraries.
function(bitblas_link_mlir target)
  target_include_directories(${target} SYSTEM PUBLIC ${MLIR_INCLUDE_DIRS} ${LLVM_INCLUDE_DIRS})
  target_link_libraries(${target} PRIVATE
    -Wl,--start-group ${BITBLAS_CAPI_ARCHIVES} -Wl,--end-group
    ${BITBLAS_MLIR_SHARED} stdc++ m)
endfunction()
