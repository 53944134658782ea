// clipdesk-cli train-vocab: learns a small byte-level BPE vocabulary from the captions of a
// pairs file or folder, for a model trained from scratch (CLIP's own vocabulary is 49408
// tokens; a small model on a narrow domain needs far fewer).

#include "cli_command.h"
#include "dataset_options.h"
#include "json_output.h"
#include "number_checks.h"

#include "clip/image/photo_decoder.h"
#include "clip/tokenizer/bpe_trainer.h"
#include "clip/tokenizer/clip_tokenizer.h"

#include <random>

namespace clipdesk::cli {
namespace {

class TrainVocabCommand : public CliCommand {
public:
    CLI::App* configure(CLI::App& parent) override {
        auto* cmd = parent.add_subcommand("train-vocab", "Learn a BPE vocabulary (merges.txt) from captions");
        data_.declare(cmd);
        cmd->add_option("--merges", merges_, "Merges to learn at most")->check(CLI::Range(0, 100000))->capture_default_str();
        cmd->add_option("--draws", draws_, "Captions drawn per pair (templated data draws differently each time)")
            ->check(positiveNumber())->capture_default_str();
        cmd->add_option("--seed", seed_)->capture_default_str();
        cmd->add_option("--out", out_, "merges.txt to write")->required();
        return cmd;
    }

    int run() override {
        const auto decoder = makePhotoDecoder();
        const auto dataset = data_.open(*decoder, 0);
        std::mt19937_64 rng(seed_);
        std::vector<std::string> captions;
        for (std::size_t i = 0; i < dataset->size(); ++i)
            for (int d = 0; d < draws_; ++d) captions.push_back(dataset->caption(i, rng));
        const auto merges = tokenizer::learnBpeMerges(captions, static_cast<std::size_t>(merges_));
        tokenizer::writeBpeMerges(out_, merges);
        const auto tok = ClipTokenizer::fromMergesFile(out_);
        printJsonLine(Json{{"out", out_},
                           {"captions", captions.size()},
                           {"merges", merges.size()},
                           {"vocab_size", tok->vocabSize()},
                           {"sot_id", tok->sotId()},
                           {"eot_id", tok->eotId()}});
        return 0;
    }

private:
    DatasetOptions data_;
    int merges_ = 2000;
    int draws_ = 1;
    std::uint64_t seed_ = 0;
    std::string out_;
};

}  // namespace

std::unique_ptr<CliCommand> makeTrainVocabCommand() { return std::make_unique<TrainVocabCommand>(); }

}  // namespace clipdesk::cli
