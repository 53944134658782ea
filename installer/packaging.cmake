# Installation layout and the Debian package (CPack DEB): `cpack -G DEB` in the build folder.
#   /usr/bin/clipdesk, /usr/bin/clipdesk-cli
#   /usr/share/applications/io.github.clipdesk.Clipdesk.desktop
#   /usr/share/icons/hicolor/scalable/apps/io.github.clipdesk.Clipdesk.svg
#   /usr/share/metainfo/io.github.clipdesk.Clipdesk.metainfo.xml      (AppStream)
#   /usr/share/clipdesk/models/clipdesk-mini/                          (the bundled model)
#   /usr/share/clipdesk/models/chinese-clip-vocab/vocab.txt            (Chinese-CLIP's WordPiece vocabulary)
#   /usr/share/clipdesk/models/catalogue.json                          (official checkpoints to download, with SHA-256 pins)
#   /usr/share/clipdesk/tokenizer/bpe_simple_vocab_16e6.txt.gz         (OpenAI's BPE vocabulary, when available)
include(GNUInstallDirs)

set(CLIPDESK_APP_ID io.github.clipdesk.Clipdesk)
install(FILES ${PROJECT_SOURCE_DIR}/installer/${CLIPDESK_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/installer/${CLIPDESK_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/clipdesk.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${CLIPDESK_APP_ID}.svg)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/clipdesk-mini DESTINATION ${CMAKE_INSTALL_DATADIR}/clipdesk/models
        PATTERN "train_log.jsonl" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/chinese-clip-vocab DESTINATION ${CMAKE_INSTALL_DATADIR}/clipdesk/models)
install(FILES ${PROJECT_SOURCE_DIR}/models/catalogue.json DESTINATION ${CMAKE_INSTALL_DATADIR}/clipdesk/models)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/clipdesk RENAME copyright)

# OpenAI's vocabulary (MIT), needed by TorchScript checkpoints that do not carry one. It is
# reference data kept outside the repository; packaged when present at configure time.
if(CLIPDESK_SHARED_DIR_DEFAULT)
  set(_clipdesk_shared "${CLIPDESK_SHARED_DIR_DEFAULT}")
else()
  set(_clipdesk_shared "${PROJECT_SOURCE_DIR}/../shared")
endif()
set(CLIPDESK_PACKAGE_BPE_VOCAB "${_clipdesk_shared}/models/tokenizer/bpe_simple_vocab_16e6.txt.gz"
    CACHE FILEPATH "BPE vocabulary installed to share/clipdesk/tokenizer (skipped if missing)")
if(EXISTS "${CLIPDESK_PACKAGE_BPE_VOCAB}")
  install(FILES "${CLIPDESK_PACKAGE_BPE_VOCAB}" DESTINATION ${CMAKE_INSTALL_DATADIR}/clipdesk/tokenizer)
endif()

set(CLIPDESK_PACKAGE_MAINTAINER "Clipdesk authors <clipdesk@localhost>" CACHE STRING "Debian package maintainer")
set(CPACK_PACKAGE_NAME clipdesk)
set(CPACK_PACKAGE_VENDOR "The Clipdesk authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Search and label your photos with CLIP, on your own machine")
set(CPACK_PACKAGE_DESCRIPTION "Clipdesk indexes photo folders with CLIP image embeddings, finds a photo from a \
description or from another photo, and fine-tunes CLIP on your own image-caption pairs. It includes the \
desktop application (clipdesk), the command-line tool (clipdesk-cli) and a small demo model.")
set(CPACK_PACKAGE_CONTACT "${CLIPDESK_PACKAGE_MAINTAINER}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CLIPDESK_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared libraries are found by dpkg-shlibdeps; what is loaded at run time (the Qt platform
# plugin, SQLite driver, the OpenMP BLAS that LibTorch should use) is listed by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, libopenblas0-openmp")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-image-formats-plugins, qt6-translations-l10n")
set(CPACK_GENERATOR DEB)
include(CPack)
