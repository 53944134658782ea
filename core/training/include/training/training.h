#pragma once
// The training module's public API: contrastive fine-tuning (loss, trainer, schedule,
// checkpoints, evaluation, data-parallel ranks) and its data (pairs files, label folders, Fashion-MNIST, batch
// loader).
// Everything else in core/training/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "training/clip_trainer.h"
#include "training/data/batch_loader.h"
#include "training/data/caption_languages.h"
#include "training/data/caption_templates.h"
#include "training/data/fashion_mnist_prompts.h"
#include "training/data/open_pairs.h"
#include "training/data/pair_dataset.h"
#include "training/data/random_resized_crop.h"
#include "training/data/split.h"
#include "training/data/zero_shot_task.h"
#include "training/distributed/data_parallel_group.h"
#include "training/distributed/distributed_environment.h"
#include "training/distributed/loopback_port.h"
#include "training/distributed/visible_gpus.h"
#include "training/evaluation.h"
#include "training/loss_scaler.h"
#include "training/lr_schedule.h"
#include "training/training_batch.h"
#include "training/training_checkpoint.h"
#include "training/training_options.h"
#include "training/training_progress.h"
#include "training/training_report.h"
