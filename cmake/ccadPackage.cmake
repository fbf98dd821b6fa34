# Installed package files: lib/cmake/ccad (find_package(ccad): targets
# ccad::cc-ad, ccad::runtime, ccad::runtime_shared and ccad_generate()) and
# lib/pkgconfig/ccad.pc. Included by the top-level CMakeLists.txt after the
# tool and runtime subdirectories have defined their targets.
include(CMakePackageConfigHelpers)

set(CCAD_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/ccad")

install(EXPORT ccadTargets
        NAMESPACE ccad::
        FILE ccadTargets.cmake
        DESTINATION "${CCAD_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/ccadConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/ccadConfig.cmake"
  INSTALL_DESTINATION "${CCAD_INSTALL_CMAKEDIR}"
  NO_SET_AND_CHECK_MACRO)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/ccadConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/ccadConfig.cmake"
              "${PROJECT_BINARY_DIR}/ccadConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/ccadGenerate.cmake"
        DESTINATION "${CCAD_INSTALL_CMAKEDIR}")

# ccad.pc is configured at install time, so `prefix=` is the prefix given
# to `cmake --install build --prefix P`, not the one configured.
set(_ccad_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
install(CODE "
  set(CCAD_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(CMAKE_INSTALL_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(CMAKE_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CMAKE_INSTALL_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(PROJECT_DESCRIPTION \"${PROJECT_DESCRIPTION}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  # straight into the install location: two installs at once must not share a file
  set(_pc \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${_ccad_pc_dir}/ccad.pc\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/ccad.pc.in\" \"\${_pc}\" @ONLY)
  message(STATUS \"Installing: \${_pc}\")
")

# In this source tree, ccad_generate() uses the targets being built.
set(CCAD_TOOL_TARGET cc-ad)
set(CCAD_RUNTIME_TARGET ccad_static)
include("${PROJECT_SOURCE_DIR}/cmake/ccadGenerate.cmake")
