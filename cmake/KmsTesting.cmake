# Tests find the source and build trees through test_support::SourceDir()
# and BinaryDir() (compiled in; KMS_SOURCE_DIR/KMS_BINARY_DIR override).
#
# One line per unit test binary: kms_add_unit_test(name SOURCES ... LIBS ...).
# Tests live beside the code they test; they link the shared test-support
# library (golden files, temp dirs, process helpers) and gmock's main.
function(kms_add_unit_test name)
  if(NOT KMS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} kms::test_support GTest::gmock_main)
  kms_enable_warnings(${name})
  set(labels unit ${ARG_LABELS})
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    PROPERTIES LABELS "${labels}"
    DISCOVERY_TIMEOUT 30)
endfunction()

# Integration tests are GoogleTest binaries too, but start real processes
# (the mock cluster, our binaries, promtool); they get the 'integration' label.
function(kms_add_integration_test name)
  if(NOT KMS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;DEPENDS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} kms::test_support GTest::gmock_main)
  kms_enable_warnings(${name})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    PROPERTIES LABELS integration TIMEOUT 300
    DISCOVERY_TIMEOUT 30)
endfunction()
