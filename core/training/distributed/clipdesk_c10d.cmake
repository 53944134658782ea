# Data-parallel training needs torch.distributed's C++ engine (c10d): its headers come with
# LibTorch, Gloo's with libgloo-dev (or an official LibTorch's include/). Without them the
# trainer still builds, and a run with WORLD_SIZE > 1 is refused with a message. NCCL is used
# where the LibTorch is a CUDA build whose ProcessGroupNCCL header compiles.
include(CheckIncludeFileCXX)
set(CMAKE_REQUIRED_INCLUDES ${TORCH_INCLUDE_DIRS})
set(CMAKE_REQUIRED_FLAGS "-std=c++17")
set(CMAKE_REQUIRED_DEFINITIONS -DUSE_C10D_GLOO)
set(CMAKE_REQUIRED_QUIET ON)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)  # compile only: the header, not a program
# Checked at every configure, so installing libgloo-dev later turns the trainer's ranks on.
unset(CLIPDESK_HAS_C10D_GLOO CACHE)
unset(CLIPDESK_HAS_C10D_NCCL CACHE)
check_include_file_cxx(torch/csrc/distributed/c10d/ProcessGroupGloo.hpp CLIPDESK_HAS_C10D_GLOO)
if(CLIPDESK_HAS_C10D_GLOO)
  target_compile_definitions(clipdesk_training PRIVATE CLIPDESK_HAS_C10D=1 USE_C10D_GLOO)
  set(CMAKE_REQUIRED_DEFINITIONS -DUSE_C10D_NCCL)
  if(TORCH_CUDA_LIBRARIES OR TARGET torch_cuda)
    find_package(CUDAToolkit QUIET)  # ProcessGroupNCCL.hpp includes the CUDA runtime's and NCCL's headers
    list(APPEND CMAKE_REQUIRED_INCLUDES ${CUDAToolkit_INCLUDE_DIRS})
    check_include_file_cxx(torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp CLIPDESK_HAS_C10D_NCCL)
  endif()
  if(CLIPDESK_HAS_C10D_NCCL)
    target_compile_definitions(clipdesk_training PRIVATE USE_C10D_NCCL)
  endif()
  message(STATUS "Data-parallel training: Gloo yes, NCCL ${CLIPDESK_HAS_C10D_NCCL}")
else()
  target_compile_definitions(clipdesk_training PRIVATE CLIPDESK_HAS_C10D=0)
  message(STATUS "Data-parallel training: off (no c10d/Gloo headers; install libgloo-dev)")
endif()
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_DEFINITIONS)
unset(CMAKE_REQUIRED_QUIET)
unset(CMAKE_TRY_COMPILE_TARGET_TYPE)
