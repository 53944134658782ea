// The linear layer for a few rows (a text query's tokens): skinnyGemm's values against a
// double-precision reference over shapes with every tail (rows, outputs and inputs not multiples
// of the tiles), strided weights and no bias; autograd keeps the BLAS path; and a query through
// a text tower of ViT-B/32's shapes, encoded over only its tokens with skinnyGemm, matches the
// same query run over the full 77-token context through BLAS. fp16 weights (as an inference
// load keeps the text tower's) give exactly the values of their float32 conversion, through
// skinnyGemm and through the BLAS path for many rows.

#include "unit_test.h"

#include "clip/model/layers.h"
#include "clip/model/text_transformer.h"
#include "model/skinny_gemm.h"

#include <torch/torch.h>

#include <tuple>

using namespace clipdesk;

class TestSkinnyLinear : public QObject {
    Q_OBJECT

    // |linear - reference| relative to the reference's largest value, and the reference in double.
    static double relativeError(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
        const auto y = clipdesk::linear(x, w, b);
        auto reference = torch::matmul(x.to(torch::kDouble), w.to(torch::kDouble).t());
        if (b.defined()) reference = reference + b.to(torch::kDouble);
        return ((y.to(torch::kDouble) - reference).abs().max() / reference.abs().max()).item<double>();
    }

private Q_SLOTS:
    void init() { torch::manual_seed(3); }

    void fewRowsMatchADoublePrecisionProduct() {
        if (!skinnyGemmAvailable()) QSKIP("this CPU has neither AVX-512 nor AVX2 with FMA: linear uses BLAS alone");
        torch::NoGradGuard noGrad;
        for (const auto& [outputs, inputs] : {std::tuple{1536, 512}, {512, 2048}, {7, 13}, {33, 17}, {5, 1}, {9, 40}})
            for (std::int64_t rows = 1; rows <= kSkinnyGemmMaxRows; ++rows) {
                const auto x = torch::randn({rows, inputs}), w = torch::randn({outputs, inputs}), b = torch::randn({outputs});
                const double error = relativeError(x, w, b);
                QVERIFY2(error < 1e-5, test::text("rows ", rows, ", ", outputs, " x ", inputs, ": relative error ", error).c_str());
            }
    }

    void stridedWeightsBatchedInputsAndNoBias() {
        if (!skinnyGemmAvailable()) QSKIP("this CPU has neither AVX-512 nor AVX2 with FMA");
        torch::NoGradGuard noGrad;
        const auto wide = torch::randn({96, 70});
        const auto w = wide.narrow(0, 32, 30).narrow(1, 3, 61);  // rows 70 floats apart
        const auto x = torch::randn({2, 5, 61});
        QVERIFY(w.stride(0) == 70 && w.stride(1) == 1);
        const auto y = clipdesk::linear(x, w, torch::Tensor());
        QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, 5, 30}));
        QVERIFY(relativeError(x, w, torch::Tensor()) < 1e-5);
        const auto b = torch::randn({30});
        QVERIFY(relativeError(x.transpose(0, 1), w, b) < 1e-5);  // rows of x not contiguous
    }

    // skinnyGemm converts fp16 rows exactly, so its result equals the float32 path's over the
    // converted weights bit for bit, at every tail; and stays within fp32 rounding of a double
    // product over those weights.
    void halfWeightsGiveTheValuesOfTheirFloat32Conversion() {
        if (!skinnyGemmAvailable()) QSKIP("this CPU has neither AVX-512 nor AVX2 with FMA and F16C");
        torch::NoGradGuard noGrad;
        for (const auto& [outputs, inputs] : {std::tuple{1536, 512}, {512, 2048}, {7, 13}, {33, 17}, {5, 1}, {9, 40}})
            for (std::int64_t rows = 1; rows <= kSkinnyGemmMaxRows; ++rows) {
                const auto x = torch::randn({rows, inputs}), b = torch::randn({outputs});
                const auto half = torch::randn({outputs, inputs}).to(torch::kHalf);
                const auto converted = half.to(torch::kFloat);
                const auto y = clipdesk::linear(x, half, b);
                QCOMPARE(y.scalar_type(), torch::kFloat);
                const double difference = (y - clipdesk::linear(x, converted, b)).abs().max().item<double>();
                QVERIFY2(difference == 0.0, test::text("rows ", rows, ", ", outputs, " x ", inputs, ": differs by ", difference).c_str());
                const double error = relativeError(x, converted, b);
                QVERIFY2(error < 1e-5, test::text("rows ", rows, ": relative error ", error).c_str());
            }
        // strided fp16 rows (a narrowed in_proj), no bias
        const auto wide = torch::randn({96, 70}).to(torch::kHalf);
        const auto w = wide.narrow(0, 32, 30).narrow(1, 3, 61);
        const auto x = torch::randn({2, 5, 61});
        QCOMPARE((clipdesk::linear(x, w, {}) - clipdesk::linear(x, w.to(torch::kFloat), {})).abs().max().item<double>(), 0.0);
    }

    // The AVX2 kernels (chosen on CPUs without AVX-512, so not otherwise run on this one), float32
    // and fp16 weights, every tail: within float32 rounding of a double product, and fp16 equal
    // to float32 over the converted weights.
    void avx2KernelsMatchADoublePrecisionProduct() {
        for (const auto& [outputs, inputs] : {std::tuple{1536, 512}, {7, 13}, {33, 17}, {5, 1}, {9, 40}, {3, 7}})
            for (std::int64_t rows = 1; rows <= kSkinnyGemmMaxRows; rows += 3) {
                const auto x = torch::randn({rows, inputs}), b = torch::randn({outputs});
                const auto half = torch::randn({outputs, inputs}).to(torch::kHalf);
                const auto w = half.to(torch::kFloat);
                auto y = torch::empty({rows, outputs}), yHalf = torch::empty({rows, outputs});
                if (!skinnyGemmAvx2(x.data_ptr<float>(), inputs, w.data_ptr<float>(), inputs, b.data_ptr<float>(),
                                    y.data_ptr<float>(), outputs, rows, outputs, inputs))
                    QSKIP("this CPU has no AVX2 with FMA and F16C");
                QVERIFY(skinnyGemmAvx2(x.data_ptr<float>(), inputs,
                                       reinterpret_cast<const std::uint16_t*>(half.data_ptr()), inputs,
                                       b.data_ptr<float>(), yHalf.data_ptr<float>(), outputs, rows, outputs, inputs));
                const auto reference = torch::matmul(x.to(torch::kDouble), w.to(torch::kDouble).t()) + b.to(torch::kDouble);
                const double error =
                    ((y.to(torch::kDouble) - reference).abs().max() / reference.abs().max()).item<double>();
                QVERIFY2(error < 1e-5, test::text("rows ", rows, ", ", outputs, " x ", inputs, ": relative error ", error).c_str());
                QVERIFY2(torch::equal(y, yHalf), test::text("rows ", rows, ", ", outputs, " x ", inputs).c_str());
            }
    }

    // Too many rows for skinnyGemm: fp16 weights are converted for the BLAS GEMM, with the
    // same values as float32 weights.
    void halfWeightsForManyRowsGoThroughBlas() {
        torch::NoGradGuard noGrad;
        const auto half = torch::randn({48, 64}).to(torch::kHalf);
        const auto b = torch::randn({48});
        for (const auto& shape : {std::vector<std::int64_t>{40, 64}, {3, 20, 64}}) {
            const auto x = torch::randn(shape);
            const auto y = clipdesk::linear(x, half, b);
            QCOMPARE(y.scalar_type(), torch::kFloat);
            QVERIFY(torch::equal(y, clipdesk::linear(x, half.to(torch::kFloat), b)));
            QVERIFY(relativeError(x.reshape({-1, 64}), half.to(torch::kFloat), b) < 1e-5);
        }
    }

    void recordedGradientsStillFlow() {
        auto w = torch::randn({8, 16}, torch::requires_grad());
        auto b = torch::zeros({8}, torch::requires_grad());
        const auto x = torch::randn({3, 16});
        clipdesk::linear(x, w, b).sum().backward();
        QVERIFY(w.grad().defined());
        QVERIFY(torch::allclose(w.grad(), x.sum(0).expand({8, 16}), 1e-5, 1e-5));
    }

    void queryOverItsTokensMatchesTheFullContext() {
        if (!skinnyGemmAvailable()) QSKIP("this CPU has neither AVX-512 nor AVX2 with FMA");
        const TextTowerConfig config;  // ViT-B/32's text tower: 77 tokens, width 512, 12 layers
        TextTransformer tower(config, 512, Activation::QuickGelu, 1e-5);
        tower->initParameters();
        tower->eval();
        auto ids = torch::zeros({1, config.contextLength}, torch::kLong);
        const std::int64_t query[] = {config.sotId, 320, 1929, 525, 320, 2117, config.eotId};  // 7 tokens
        for (int i = 0; i < 7; ++i) ids[0][i] = query[i];

        torch::Tensor overTokens;
        {
            torch::NoGradGuard noGrad;  // 7 rows per product: skinnyGemm
            overTokens = tower->forward(ids);
        }
        // Every one of the 77 positions, through BLAS (77 rows); pooled at the end-of-text token.
        torch::NoGradGuard noGrad;
        auto x = tower->token_embedding->forward(ids) + tower->positional_embedding;
        x = tower->ln_final->forward(tower->transformer->forward(x, /*causal=*/true));
        const auto fullContext = torch::matmul(x.select(1, 6), tower->text_projection);

        const double cosine = torch::cosine_similarity(overTokens, fullContext, 1).item<double>();
        QVERIFY2(cosine >= 0.99999, test::text("cosine ", cosine).c_str());
        QVERIFY(torch::allclose(overTokens, fullContext, 1e-4, 1e-4));
    }
};

QTEST_GUILESS_MAIN(TestSkinnyLinear)
#include "test_skinny_linear.moc"
