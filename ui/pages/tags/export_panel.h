#pragma once
// The Tags page's export box: the checked folders' tags as CSV or JSON (a file chosen in a
// dialog) or as XMP sidecars next to the photos, with the files that failed listed.

#include <QGroupBox>

class QListWidget;
class QPushButton;

namespace clipdesk::ui {

class TagReviewModel;

class ExportPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ExportPanel(TagReviewModel& model, QWidget* parent = nullptr);

    QListWidget* problems() const { return problems_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void chooseFile(const QString& format);
    void confirmXmpExport();
    void showProblems();

    TagReviewModel& model_;
    QPushButton* csvButton_;
    QPushButton* jsonButton_;
    QPushButton* xmpButton_;
    QListWidget* problems_;
};

}  // namespace clipdesk::ui
