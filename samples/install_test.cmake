# sample.install: install this build into a scratch prefix, check the
# layout promised by the contract (section 6), then build and run
# samples/tridiag against the installed files, as a user would:
#   1. CMake: find_package(ccad) + ccad_generate() (samples/tridiag/CMakeLists.txt)
#   2. make:  samples/tridiag/Makefile (pattern rule + pkg-config)
# Run by CTest:
#   cmake -D BUILD_DIR=... -D SOURCE_DIR=<repo>/samples -D WORK_DIR=...
#         -D LIBDIR=lib -D GENERATOR=... -D C_COMPILER=... -P install_test.cmake
foreach(v BUILD_DIR SOURCE_DIR WORK_DIR LIBDIR GENERATOR C_COMPILER)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "install_test.cmake: -D ${v}=... is required")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "FAILED (${rc}): ${cmd}")
  endif()
endfunction()

set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

message(STATUS "== cmake --install ${BUILD_DIR} --prefix ${prefix}")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f bin/cc-ad ${LIBDIR}/libccad.a ${LIBDIR}/libccad.so include/ccad.h
          share/man/man1/cc-ad.1 ${LIBDIR}/cmake/ccad/ccadConfig.cmake
          ${LIBDIR}/cmake/ccad/ccadConfigVersion.cmake
          ${LIBDIR}/cmake/ccad/ccadGenerate.cmake ${LIBDIR}/pkgconfig/ccad.pc)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "not installed: ${prefix}/${f}")
  endif()
endforeach()

message(STATUS "== CMake user: find_package(ccad), ccad_generate()")
set(cm "${WORK_DIR}/cmake-user")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tridiag" -B "${cm}" -G "${GENERATOR}"
    "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${cm}")
run("${cm}/tridiag")

message(STATUS "== make user: pattern rule, pkg-config")
find_program(MAKE_PROGRAM NAMES make gmake)
find_program(PKG_CONFIG_PROGRAM NAMES pkg-config pkgconf)
if(NOT MAKE_PROGRAM OR NOT PKG_CONFIG_PROGRAM)
  message(FATAL_ERROR "make and pkg-config are needed (scripts/setup.sh installs them)")
endif()
set(mk "${WORK_DIR}/make-user")
file(MAKE_DIRECTORY "${mk}")
file(GLOB files "${SOURCE_DIR}/tridiag/*.c" "${SOURCE_DIR}/tridiag/*.h"
     "${SOURCE_DIR}/tridiag/Makefile")
file(COPY ${files} DESTINATION "${mk}")
set(make_cmd ${CMAKE_COMMAND} -E env "PKG_CONFIG_PATH=${prefix}/${LIBDIR}/pkgconfig"
    "${MAKE_PROGRAM}" -C "${mk}" "CC=${C_COMPILER}" "CCAD=${prefix}/bin/cc-ad")
run(${make_cmd})
run("${mk}/tridiag")

# Up to date after one make; touching a header tridiag.c includes makes
# tridiag.ad.c stale through the depfile cc-ad wrote (-MF).
run(${make_cmd} -q)
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1)
file(TOUCH "${mk}/tridiag.h")
execute_process(COMMAND ${make_cmd} -q tridiag.ad.c RESULT_VARIABLE rc)
if(rc EQUAL 0)
  message(FATAL_ERROR "tridiag.ad.c is not remade after tridiag.h changed: "
                      "the depfile (-MF) does not list the included header")
endif()
message(STATUS "sample.install: ok")
