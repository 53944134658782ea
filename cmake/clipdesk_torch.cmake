# Finds LibTorch and defines clipdesk_torch. Debian's libtorch-dev (1.13, CPU) by default; an
# official LibTorch or pip's torch (1.13 or 2.x, CPU or CUDA) through
# -DCMAKE_PREFIX_PATH=/path/to/libtorch (or torch.utils.cmake_prefix_path).

# -DTorch_DIR alone: TorchConfig.cmake then looks for Caffe2's config and for libtorch.so on
# the system paths before its own installation, so with Debian's libtorch-dev installed it
# would mix 1.13's libraries into a 2.x LibTorch. Its own installation goes first: the Caffe2
# config beside Torch_DIR, and its prefix (<prefix>/share/cmake/Torch, or Debian's
# <prefix>/lib/<arch>/cmake/Torch) in CMAKE_PREFIX_PATH.
if(Torch_DIR)
  if(NOT Caffe2_DIR AND EXISTS "${Torch_DIR}/../Caffe2/Caffe2Config.cmake")
    get_filename_component(Caffe2_DIR "${Torch_DIR}/../Caffe2" ABSOLUTE)
    set(Caffe2_DIR "${Caffe2_DIR}" CACHE PATH "The Caffe2 config of the LibTorch in Torch_DIR")
  endif()
  get_filename_component(_clipdesk_torch_prefix "${Torch_DIR}/../../.." ABSOLUTE)
  get_filename_component(_clipdesk_torch_prefix_up "${Torch_DIR}/../../../.." ABSOLUTE)
  list(PREPEND CMAKE_PREFIX_PATH "${_clipdesk_torch_prefix}" "${_clipdesk_torch_prefix_up}")
endif()

# A CUDA LibTorch built with CUDA < 12.9 (Debian 13's libtorch-cuda-dev, CUDA 12.4) links
# CUDA::nvToolsExt, which CUDA 12.9 and later no longer ship (NVTX 3 is header-only), so its
# config fails to generate (pytorch#152756). A header-only stand-in keeps it working.
find_package(CUDAToolkit QUIET)
if(CUDAToolkit_FOUND AND NOT TARGET CUDA::nvToolsExt)
  add_library(CUDA::nvToolsExt INTERFACE IMPORTED)
  target_include_directories(CUDA::nvToolsExt INTERFACE ${CUDAToolkit_INCLUDE_DIRS})
  message(STATUS "CUDA ${CUDAToolkit_VERSION} has no nvToolsExt library: using NVTX 3's headers in its place")
endif()

find_package(Torch REQUIRED)

# Torch's config, Caffe2's config and libtorch.so must come from one installation.
get_filename_component(_clipdesk_torch_cmake "${Torch_DIR}/.." REALPATH)
get_filename_component(_clipdesk_caffe2_cmake "${Caffe2_DIR}/.." REALPATH)
get_filename_component(_clipdesk_torch_root "${Torch_DIR}/../../.." REALPATH)
get_filename_component(_clipdesk_torch_library "${TORCH_LIBRARY}" REALPATH)
string(FIND "${_clipdesk_torch_library}" "${_clipdesk_torch_root}/" _clipdesk_library_in_root)
if((Caffe2_DIR AND NOT _clipdesk_torch_cmake STREQUAL _clipdesk_caffe2_cmake) OR NOT _clipdesk_library_in_root EQUAL 0)
  message(FATAL_ERROR "LibTorch comes from different installations:\n"
                      "  Torch_DIR     = ${Torch_DIR}\n  Caffe2_DIR    = ${Caffe2_DIR}\n"
                      "  TORCH_LIBRARY = ${TORCH_LIBRARY}\n"
                      "This mixes the headers of one LibTorch with the libraries of another. Configure a new "
                      "build folder with -DCMAKE_PREFIX_PATH=/path/to/libtorch.")
endif()

add_library(clipdesk_torch INTERFACE)
target_link_libraries(clipdesk_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(clipdesk_torch INTERFACE ${TORCH_INCLUDE_DIRS})
separate_arguments(CLIPDESK_TORCH_CXX_FLAGS UNIX_COMMAND "${TORCH_CXX_FLAGS}")
target_compile_options(clipdesk_torch INTERFACE ${CLIPDESK_TORCH_CXX_FLAGS})
message(STATUS "LibTorch ${Torch_VERSION} from ${Torch_DIR}")
