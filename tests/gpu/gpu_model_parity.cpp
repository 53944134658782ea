// The model on CUDA against the golden embeddings of OpenAI's reference code: fp32 (cosine
// >= 0.9999) and bf16 / fp16 autocast (>= 0.999), on the fused attention path. Skips without
// a CUDA GPU. Part of the GPU check (tests/gpu/run.sh).

#include "golden.h"
#include "unit_test.h"

#include "clip/model/autocast_scope.h"
#include "clip/model/clip_config.h"
#include "clip/model/torch_compat.h"
#include "clip/weights/checkpoint_loader.h"

#include <torch/cuda.h>

using namespace clipdesk;
using namespace clipdesk::test;

class TestGpuModelParity : public QObject {
    Q_OBJECT

    void checkOnCuda(ComputePrecision precision, double minCosine) {
        const torch::Device cuda(torch::kCUDA);
        auto config = ClipConfig::fromJsonFile((syntheticModelDir() / "config.json").string());
        auto loaded = loadClipModel((syntheticModelDir() / "model.safetensors").string(), config);
        loaded.model->to(cuda);
        loaded.model->eval();
        torch::NoGradGuard noGrad;
        torch::Tensor images, texts;
        {
            AutocastScope autocast(precision, cuda);
            images = loaded.model->embedImage(readGoldenTensor("pixel_values").to(cuda)).to(torch::kFloat).cpu();
            texts = loaded.model->embedText(readGoldenTensor("input_ids").to(cuda)).to(torch::kFloat).cpu();
        }
        const double imageCos = rowCosine(images, readGoldenTensor("image_embeds")).min().item<double>();
        const double textCos = rowCosine(texts, readGoldenTensor("text_embeds")).min().item<double>();
        qInfo("%s on CUDA (%s): min cosine images %.8f, texts %.8f", precisionName(precision),
              torch_compat::attentionPath(), imageCos, textCos);
        QVERIFY2(imageCos >= minCosine, text("images: ", imageCos).c_str());
        QVERIFY2(textCos >= minCosine, text("texts: ", textCos).c_str());
    }

private Q_SLOTS:
    void initTestCase() {
        if (!torch::cuda::is_available()) QSKIP("no CUDA GPU visible to this LibTorch");
        CLIPDESK_REQUIRE_SHARED(syntheticModelDir() / "golden.json");
    }

    void float32() { checkOnCuda(ComputePrecision::Float32, 0.9999); }
    void bfloat16() { checkOnCuda(ComputePrecision::BFloat16, 0.999); }
    void float16() { checkOnCuda(ComputePrecision::Float16, 0.999); }
};

QTEST_GUILESS_MAIN(TestGpuModelParity)
#include "gpu_model_parity.moc"
