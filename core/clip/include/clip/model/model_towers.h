#pragma once
// Which of CLIP's two towers a job loads: indexing encodes images, search and tagging encode
// text, training and image-text similarity need both. A tower that is not loaded costs
// neither memory nor reading its bytes. No LibTorch: option structs and the window use it.

namespace clipdesk {

struct ModelTowers {
    bool image = true;
    bool text = true;

    static constexpr ModelTowers both() { return {true, true}; }
    static constexpr ModelTowers imageOnly() { return {true, false}; }
    static constexpr ModelTowers textOnly() { return {false, true}; }

    constexpr bool covers(ModelTowers other) const { return (image || !other.image) && (text || !other.text); }
    constexpr ModelTowers operator|(ModelTowers other) const { return {image || other.image, text || other.text}; }
};

// "image and text", "image", "text"
const char* towersName(ModelTowers towers);

}  // namespace clipdesk
