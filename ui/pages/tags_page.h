#pragma once
// Tags page: the place of zero-shot tagging (issue 6). The tagging core is being written on
// its own branch; until it is wired in, this page only says so.

#include <QWidget>

class QLabel;

namespace clipdesk::ui {

class TagsPage : public QWidget {
    Q_OBJECT
public:
    explicit TagsPage(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    QLabel* label_;
};

}  // namespace clipdesk::ui
