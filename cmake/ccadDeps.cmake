# Locate the build dependencies and say which Debian package provides a
# missing one (scripts/setup.sh installs them all).

# libclang from LLVM 19: llvm-config-19 first, then the Debian prefix.
find_program(CCAD_LLVM_CONFIG NAMES llvm-config-19
             HINTS /usr/lib/llvm-19/bin)
set(_llvm_hints /usr/lib/llvm-19)
if(CCAD_LLVM_CONFIG)
  execute_process(COMMAND ${CCAD_LLVM_CONFIG} --prefix
                  OUTPUT_VARIABLE _llvm_prefix OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(PREPEND _llvm_hints ${_llvm_prefix})
endif()
find_path(CLANG_C_INCLUDE_DIR clang-c/Index.h
          HINTS ${_llvm_hints} PATH_SUFFIXES include NO_DEFAULT_PATH)
find_library(CLANG_C_LIBRARY NAMES clang-19 clang
             HINTS ${_llvm_hints} PATH_SUFFIXES lib NO_DEFAULT_PATH)
if(NOT CLANG_C_INCLUDE_DIR OR NOT CLANG_C_LIBRARY)
  message(FATAL_ERROR
    "libclang 19 not found (looked for llvm-config-19 and /usr/lib/llvm-19).\n"
    "Install the Debian package: apt-get install libclang-19-dev\n"
    "or run scripts/setup.sh, which installs every dependency.")
endif()
add_library(ccad_libclang INTERFACE)
target_include_directories(ccad_libclang SYSTEM INTERFACE ${CLANG_C_INCLUDE_DIR})
target_link_libraries(ccad_libclang INTERFACE ${CLANG_C_LIBRARY})
message(STATUS "libclang: ${CLANG_C_LIBRARY}")

find_library(CCAD_LIBM m)

if(CCAD_BUILD_TESTS)
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(CHECK QUIET IMPORTED_TARGET check)
  endif()
  if(NOT CHECK_FOUND)
    message(FATAL_ERROR
      "Check (unit-test framework) not found.\n"
      "Install the Debian packages: apt-get install check pkg-config\n"
      "or run scripts/setup.sh; or configure with -DCCAD_BUILD_TESTS=OFF.")
  endif()
endif()

find_package(OpenMP COMPONENTS C)
if(NOT OpenMP_C_FOUND)
  message(WARNING
    "OpenMP not found: vmap variants cannot be built or tested.\n"
    "Install the Debian package: apt-get install libgomp1 (gcc) or libomp-dev.")
endif()
