#pragma once
// The clip module's public API: the CLIP model (configuration, image and text towers, checkpoint
// readers, precision), its BPE tokenizer, image decoding and preprocessing, and ClipEmbedder:
// files and text to normalised embeddings.
// Everything else in core/clip/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "clip/clip_embedder.h"
#include "clip/image/image_decoder.h"
#include "clip/image/image_preprocess_config.h"
#include "clip/image/image_preprocessor.h"
#include "clip/image/opencv_image_decoder.h"
#include "clip/image/photo_date_taken.h"
#include "clip/image/photo_decoder.h"
#include "clip/image/pillow_resize.h"
#include "clip/image/rgb_image.h"
#include "clip/image/tiff_tags.h"
#include "clip/model/autocast_scope.h"
#include "clip/model/clip_config.h"
#include "clip/model/clip_model.h"
#include "clip/model/compute_device.h"
#include "clip/model/compute_precision.h"
#include "clip/model/compute_threads.h"
#include "clip/model/cpu_runtime.h"
#include "clip/model/layers.h"
#include "clip/model/model_towers.h"
#include "clip/model/precision_probe.h"
#include "clip/model/prompt_ensemble.h"
#include "clip/model/text_transformer.h"
#include "clip/model/transformer.h"
#include "clip/model/vision_transformer.h"
#include "clip/model_files.h"
#include "clip/tokenizer/bpe_merges.h"
#include "clip/tokenizer/bpe_trainer.h"
#include "clip/tokenizer/clip_tokenizer.h"
#include "clip/weights/checkpoint_error.h"
#include "clip/weights/checkpoint_loader.h"
#include "clip/weights/checkpoint_names.h"
#include "clip/weights/safetensors.h"
