<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>IndexJob</name>
    <message>
        <source>No model: choose a CLIP model in Settings.</source>
        <translation>没有模型：请在“设置”中选择一个 CLIP 模型。</translation>
    </message>
    <message>
        <source>%1: no such folder</source>
        <translation>%1：文件夹不存在</translation>
    </message>
</context>
<context>
    <name>PhotoDateText</name>
    <message>
        <source>%1 (file)</source>
        <translation>%1（文件）</translation>
    </message>
    <message>
        <source>Date unknown</source>
        <translation>日期未知</translation>
    </message>
    <message>
        <source>File modified %1 (the photo records no date)</source>
        <translation>文件修改于 %1（照片没有记录日期）</translation>
    </message>
    <message>
        <source>Taken %1</source>
        <translation>拍摄于 %1</translation>
    </message>
    <message>
        <source>Taken %1 (UTC%2)</source>
        <translation>拍摄于 %1（UTC%2）</translation>
    </message>
</context>
<context>
    <name>PromptFiles</name>
    <message>
        <source>cannot create a temporary folder to check %1</source>
        <translation>无法创建临时文件夹来检查 %1</translation>
    </message>
</context>
<context>
    <name>SearchService</name>
    <message>
        <source>%1: the model has changed since the library was indexed; re-index the library to search with it.</source>
        <translation>%1：自图库建立索引以来模型已更改；请重新索引图库后再用它搜索。</translation>
    </message>
    <message>
        <source>Query &quot;%1&quot;: type some words describing the photos (not only punctuation or symbols).</source>
        <translation>查询“%1”：请输入描述照片的词语（不能只有标点或符号）。</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>Everywhere</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>Library, Search, Tags, Training, Settings</source>
        <translation>图库、搜索、标签、训练、设置</translation>
    </message>
    <message>
        <source>Search: the query field</source>
        <translation>搜索：查询框</translation>
    </message>
    <message>
        <source>Add a folder to the library</source>
        <translation>向图库添加文件夹</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>In the query field: search; on a photo: open it</source>
        <translation>在查询框中：搜索；在照片上：打开照片</translation>
    </message>
    <message>
        <source>From the query field into the results; up from the first row back to the query</source>
        <translation>从查询框进入结果；在第一行按上方向键回到查询框</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Preview the photo (Space or Esc closes it)</source>
        <translation>预览照片（空格或 Esc 关闭）</translation>
    </message>
    <message>
        <source>Copy the selected photos&apos; paths</source>
        <translation>复制所选照片的路径</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Next / previous photo of the grid</source>
        <translation>网格中的下一张 / 上一张照片</translation>
    </message>
    <message>
        <source>Tags review</source>
        <translation>标签审核</translation>
    </message>
    <message>
        <source>Accept the tag on the selected photos</source>
        <translation>在所选照片上接受该标签</translation>
    </message>
    <message>
        <source>Reject the tag on the selected photos</source>
        <translation>在所选照片上拒绝该标签</translation>
    </message>
</context>
<context>
    <name>TagQueries</name>
    <message>
        <source>%1: no library there</source>
        <translation>%1：此处没有图库</translation>
    </message>
</context>
<context>
    <name>TaggingJob</name>
    <message>
        <source>The library is empty: add a folder of photos on the Library page.</source>
        <translation>图库是空的：请在“图库”页面添加照片文件夹。</translation>
    </message>
    <message>
        <source>No photo of the library is indexed yet: index it on the Library page first.</source>
        <translation>图库中还没有已索引的照片：请先在“图库”页面建立索引。</translation>
    </message>
    <message>
        <source>No indexed photo in the chosen folders: index them on the Library page first.</source>
        <translation>所选文件夹中没有已索引的照片：请先在“图库”页面建立索引。</translation>
    </message>
    <message>
        <source>Name the tag to learn.</source>
        <translation>请填写要学习的标签名称。</translation>
    </message>
    <message>
        <source>Mark at least one photo as an example of the tag.</source>
        <translation>请至少将一张照片标记为该标签的示例。</translation>
    </message>
    <message>
        <source>%1: no label fits this model&apos;s text context with these templates; choose shorter labels or another template set.</source>
        <translation>%1：在这些模板下，没有标签能放入此模型的文本上下文；请使用更短的标签或换一组模板。</translation>
    </message>
</context>
<context>
    <name>TrainingJob</name>
    <message>
        <source>Checkpoint saved: %1</source>
        <translation>已保存检查点：%1</translation>
    </message>
    <message>
        <source>Choose a pairs file or a folder of photos.</source>
        <translation>请选择一个配对文件或一个照片文件夹。</translation>
    </message>
    <message>
        <source>Choose a model to fine-tune.</source>
        <translation>请选择要微调的模型。</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>%1: the model has no BPE vocabulary beside it.</source>
        <translation>%1：模型旁边没有 BPE 词表。</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>%1 pairs: %2 for training, %3 for validation</source>
        <translation>共 %1 对：%2 对用于训练，%3 对用于验证</translation>
    </message>
    <message>
        <source>Too few training pairs for one batch of %1: lower the batch size.</source>
        <translation>训练样本对不足以组成一个大小为 %1 的批次：请减小批次大小。</translation>
    </message>
    <message>
        <source>%1: no checkpoint to resume from.</source>
        <translation>%1：没有可以继续的检查点。</translation>
    </message>
    <message>
        <source>Training on %1, %2 steps</source>
        <translation>在 %1 上训练，共 %2 步</translation>
    </message>
    <message>
        <source>Step %1 of %2 (epoch %3): loss %4, learning rate %5, %6 pairs/s</source>
        <translation>第 %1 步，共 %2 步（第 %3 轮）：损失 %4，学习率 %5，%6 对/秒</translation>
    </message>
    <message>
        <source>Validation at step %1: loss %2, image→text R@1 %3, text→image R@1 %4</source>
        <translation>第 %1 步验证：损失 %2，图像→文本 R@1 %3，文本→图像 R@1 %4</translation>
    </message>
    <message>
        <source>, zero-shot top-1 %1</source>
        <translation>，零样本 top-1 %1</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::DuplicateGroupModel</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>尺寸未知</translation>
    </message>
    <message>
        <source>no date taken</source>
        <translation>无拍摄日期</translation>
    </message>
    <message>
        <source>%1
%2 · %3
%4
%5</source>
        <translation>%1
%2 · %3
%4
%5</translation>
    </message>
    <message>
        <source>Keep (suggested)</source>
        <translation>保留（建议）</translation>
    </message>
    <message>
        <source>Distance %1</source>
        <translation>距离 %1</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>第 %1 组</translation>
    </message>
    <message>
        <source>Suggested keeper</source>
        <translation>建议保留</translation>
    </message>
    <message>
        <source>Duplicate %1</source>
        <translation>重复 %1</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::DuplicatesPage</name>
    <message>
        <source>Comparing photos: %1 of %2…</source>
        <translation>正在比较照片：%1 / %2…</translation>
    </message>
    <message>
        <source>Looking for near-duplicates…</source>
        <translation>正在查找近似重复照片…</translation>
    </message>
    <message>
        <source>The selection includes suggested keepers.</source>
        <translation>所选内容包含建议保留的照片。</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>These files could not be moved to the trash and were left as they are:
%1</source>
        <translation>以下文件无法移到回收站，已保持原样：
%1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Near-duplicates</source>
        <translation>近似重复照片</translation>
    </message>
    <message>
        <source>&lt;b&gt;Near-duplicates&lt;/b&gt;: photos whose embeddings are closer than the distance below. Select the copies to mark; the suggested keeper (largest resolution, then largest file) is first.</source>
        <translation>&lt;b&gt;近似重复照片&lt;/b&gt;：嵌入向量之间的距离小于下方数值的照片。请选择要标记的副本；建议保留的照片（分辨率最高，其次文件最大）排在最前。</translation>
    </message>
    <message>
        <source>Maximum &amp;distance:</source>
        <translation>最大距离(&amp;D)：</translation>
    </message>
    <message>
        <source>default for %1: %2%3</source>
        <translation>%1 的默认值：%2%3</translation>
    </message>
    <message>
        <source> (your choice is kept for this model)</source>
        <translation>（您的选择会为此模型保存）</translation>
    </message>
    <message>
        <source>&amp;Find duplicates</source>
        <translation>查找重复(&amp;F)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Select all but the keepers</source>
        <translation>选择除保留照片外的全部</translation>
    </message>
    <message>
        <source>Tag as “duplicate”</source>
        <translation>标记为“duplicate”</translation>
    </message>
    <message>
        <source>Hide from results</source>
        <translation>从结果中隐藏</translation>
    </message>
    <message>
        <source>Move to trash…</source>
        <translation>移到回收站…</translation>
    </message>
    <message numerus="yes">
        <source>Move %n photo(s) to the trash? They can be restored from the desktop&apos;s trash.</source>
        <translation>
            <numerusform>将 %n 张照片移到回收站？可以从桌面的回收站恢复。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of near-duplicates among %1 photos (%2 s).</source>
        <translation>
            <numerusform>在 %1 张照片中找到 %n 组近似重复照片（%2 秒）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) moved to the trash and forgotten.</source>
        <translation>
            <numerusform>%n 张照片已移到回收站并从照片库中移除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) marked.</source>
        <translation>
            <numerusform>已标记 %n 张照片。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::ExportPanel</name>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Export tags</source>
        <translation>导出标签</translation>
    </message>
    <message>
        <source>Export the checked folders&apos; tags</source>
        <translation>导出勾选文件夹的标签</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>Write photo.jpg.xmp next to each photo (digiKam, darktable, Lightroom read them); existing sidecars keep their other properties</source>
        <translation>在每张照片旁写入 photo.jpg.xmp（digiKam、darktable、Lightroom 可读取）；已有附属文件的其他属性保持不变</translation>
    </message>
    <message>
        <source>Write XMP sidecars</source>
        <translation>写入 XMP 附属文件</translation>
    </message>
    <message>
        <source>Write an .xmp file next to every tagged photo in the checked folders? Existing sidecars keep their other properties; the photos themselves are not changed.</source>
        <translation>要在勾选文件夹中每张已加标签的照片旁写入一个 .xmp 文件吗？已有附属文件的其他属性会保留；照片本身不会被修改。</translation>
    </message>
    <message>
        <source>XMP sidecars…</source>
        <translation>XMP 附属文件…</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::FailedPhotoModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::FewShotPanel</name>
    <message>
        <source>Tag by example</source>
        <translation>按示例打标签</translation>
    </message>
    <message>
        <source>Tag to learn</source>
        <translation>要学习的标签</translation>
    </message>
    <message>
        <source>Mark as examples</source>
        <translation>标记为示例</translation>
    </message>
    <message>
        <source>Mark as counter-examples</source>
        <translation>标记为反例</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Learn tag</source>
        <translation>学习标签</translation>
    </message>
    <message>
        <source>Learn the tag from the marked photos and tag the checked folders with it</source>
        <translation>从标记的照片学习该标签，并用它为勾选的文件夹打标签</translation>
    </message>
    <message numerus="yes">
        <source>%n example(s)</source>
        <translation>
            <numerusform>%n 个示例</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n counter-example(s)</source>
        <translation>
            <numerusform>%n 个反例</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::FolderTableModel</name>
    <message>
        <source>Not found (unplugged drive?)</source>
        <translation>找不到（驱动器已拔出？）</translation>
    </message>
    <message>
        <source>Needs indexing</source>
        <translation>需要索引</translation>
    </message>
    <message>
        <source>Not indexed yet</source>
        <translation>尚未索引</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <source>To index</source>
        <translation>待索引</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Being added…</source>
        <translation>正在添加…</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::LanguageNames</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::LibraryPage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Your library is empty.
Add a folder of photos (or drop one here): Clipdesk indexes it so that you can find any photo by describing it.</source>
        <translation>您的图库是空的。
添加一个照片文件夹（或拖放到这里）：Clipdesk 会为它建立索引，之后您只需描述就能找到任意照片。</translation>
    </message>
    <message>
        <source>Add a folder of photos…</source>
        <translation>添加照片文件夹…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder of photos to the library and index it. You can also drop folders here.</source>
        <translation>将照片文件夹添加到图库并建立索引。也可以把文件夹拖放到这里。</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <source>Remove the selected folder from the library. The photos on disk are not touched.</source>
        <translation>从图库中移除所选文件夹。磁盘上的照片不会被改动。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop after the batch in progress; photos indexed so far are kept.</source>
        <translation>在当前批次完成后停止；已索引的照片会保留。</translation>
    </message>
    <message>
        <source>Files that could not be indexed</source>
        <translation>无法索引的文件</translation>
    </message>
    <message>
        <source>The library cannot be read: %1</source>
        <translation>无法读取图库：%1</translation>
    </message>
    <message>
        <source>No model is available: choose a CLIP model in Settings.</source>
        <translation>没有可用的模型：请在“设置”中选择一个 CLIP 模型。</translation>
    </message>
    <message>
        <source>Photos will be indexed with %1.</source>
        <translation>将使用 %1 为照片建立索引。</translation>
    </message>
    <message>
        <source>This library is indexed with %1, but Settings name %2. Re-index to search with the new model (every photo is encoded again).</source>
        <translation>此图库是用 %1 索引的，但“设置”中指定的是 %2。请重新索引以便用新模型搜索（每张照片都会重新编码）。</translation>
    </message>
    <message>
        <source>Indexed with %1 (%2).</source>
        <translation>索引所用模型：%1（%2）。</translation>
    </message>
    <message>
        <source>Library folder: %1</source>
        <translation>图库文件夹：%1</translation>
    </message>
    <message>
        <source>Re-index with the new model</source>
        <translation>用新模型重新索引</translation>
    </message>
    <message numerus="yes">
        <source>Index %n photo(s)</source>
        <translation>
            <numerusform>索引 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <source>Re-scan folders</source>
        <translation>重新扫描文件夹</translation>
    </message>
    <message>
        <source>Scan every folder again and index new, changed, moved and deleted photos.</source>
        <translation>重新扫描所有文件夹，为新增、修改、移动和删除的照片更新索引。</translation>
    </message>
    <message>
        <source>Files that could not be indexed (%1)</source>
        <translation>无法索引的文件（%1）</translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation>添加照片文件夹</translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s) will be added when the current run ends.</source>
        <translation>
            <numerusform>当前任务结束后将添加 %n 个文件夹。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping after the batch in progress…</source>
        <translation>正在等当前批次完成后停止…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message numerus="yes">
        <source>Scanning %1 (%n photo(s) found)</source>
        <translation>
            <numerusform>正在扫描 %1（已找到 %n 张照片）</numerusform>
        </translation>
    </message>
    <message>
        <source>Indexed %1 of %2 photos</source>
        <translation>已索引 %1 / %2 张照片</translation>
    </message>
    <message>
        <source>, %1 images/s</source>
        <translation>，每秒 %1 张</translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation>，约剩 %1</translation>
    </message>
    <message>
        <source>Saving the index…</source>
        <translation>正在保存索引…</translation>
    </message>
    <message>
        <source>Indexing failed: %1</source>
        <translation>索引失败：%1</translation>
    </message>
    <message>
        <source>Cancelled after %1: </source>
        <translation>%1 后已取消：</translation>
    </message>
    <message>
        <source>Done in %1: </source>
        <translation>用时 %1 完成：</translation>
    </message>
    <message>
        <source>%1 added, %2 updated, %3 moved, %4 removed, %5 unchanged, %6 failed</source>
        <translation>新增 %1，更新 %2，移动 %3，移除 %4，未变 %5，失败 %6</translation>
    </message>
    <message>
        <source> (%1 images/s)</source>
        <translation>（每秒 %1 张）</translation>
    </message>
    <message>
        <source>Remove %1 and its photos from the library? The files on disk are not touched.</source>
        <translation>要从图库中移除 %1 及其中的照片吗？磁盘上的文件不会被改动。</translation>
    </message>
    <message>
        <source>The folder could not be removed: %1</source>
        <translation>无法移除该文件夹：%1</translation>
    </message>
    <message>
        <source>Removed %1 from the library.</source>
        <translation>已从图库中移除 %1。</translation>
    </message>
    <message>
        <source>Indexed changes in the background: %1 added, %2 updated, %3 moved, %4 removed, %5 failed</source>
        <translation>已在后台索引更改：新增 %1，更新 %2，移动 %3，删除 %4，失败 %5</translation>
    </message>
    <message>
        <source>Pausing the folder watch…</source>
        <translation>正在暂停文件夹监视…</translation>
    </message>
    <message>
        <source>Folders are not watched (turned off in Settings): use Re-scan folders after changing them.</source>
        <translation>未监视文件夹（已在设置中关闭）：更改文件夹后请使用“重新扫描文件夹”。</translation>
    </message>
    <message>
        <source>Folders are not watched: %1</source>
        <translation>未监视文件夹：%1</translation>
    </message>
    <message>
        <source>Watching the folders resumes when indexing ends.</source>
        <translation>索引结束后将继续监视文件夹。</translation>
    </message>
    <message>
        <source>Starting to watch the folders…</source>
        <translation>正在开始监视文件夹…</translation>
    </message>
    <message>
        <source>Watching %1 of %2 folders (at most %3 watches: half the system limit of %4); the other %5 are rescanned every 10 minutes. Why: %6</source>
        <translation>正在监视 %2 个文件夹中的 %1 个（最多 %3 个监视：系统上限 %4 的一半）；其余 %5 个每 10 分钟重新扫描一次。原因：%6</translation>
    </message>
    <message>
        <source>Not found: %1 (its photos are kept until it returns).</source>
        <translation>未找到：%1（其照片会保留，直到它重新出现）。</translation>
    </message>
    <message numerus="yes">
        <source>Watching %n folder(s) (%1 subfolders) for changes: new, changed, moved and deleted photos are indexed a few seconds after they settle.</source>
        <translation>
            <numerusform>正在监视 %n 个文件夹（%1 个子文件夹）的更改：新增、更改、移动和删除的照片会在稳定几秒后编入索引。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::MainWindow</name>
    <message>
        <source>Using the bundled demo model clipdesk-mini (clothing only); choose a real CLIP model in Settings.</source>
        <translation>正在使用内置演示模型 clipdesk-mini（仅识别服装）；请在“设置”中选择真正的 CLIP 模型。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>About Clipdesk</source>
        <translation>关于 Clipdesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Clipdesk %1&lt;/b&gt;&lt;p&gt;Search and label your photos with CLIP, on your own machine.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Clipdesk %1&lt;/b&gt;&lt;p&gt;在您自己的电脑上用 CLIP 搜索和标注照片。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Clipdesk</source>
        <translation>Clipdesk</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Add folder…</source>
        <translation>添加文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Clipdesk</source>
        <translation>关于 Clipdesk(&amp;A)</translation>
    </message>
    <message>
        <source>Stopping the running jobs before closing…</source>
        <translation>正在停止运行中的任务，然后关闭…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Find &amp;near-duplicates…</source>
        <translation>查找近似重复照片(&amp;N)…</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::PhotoPreviewDialog</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>This file cannot be shown.</source>
        <translation>无法显示此文件。</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <source>%1, modified %2</source>
        <translation>%1，修改于 %2</translation>
    </message>
    <message>
        <source>Score %1</source>
        <translation>得分 %1</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::PromptFileEditor</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Check and save the vocabulary: one label per line, &quot;label: synonym, synonym&quot;; # starts a comment. The built-in vocabulary is saved as your own copy.</source>
        <translation>检查并保存词表：每行一个标签，格式为“标签: 同义词, 同义词”；# 开始注释。内置词表会另存为你自己的副本。</translation>
    </message>
    <message>
        <source>Check and save the templates: one per line, {} where the label goes; # starts a comment. A built-in set is saved as your own copy.</source>
        <translation>检查并保存模板：每行一个，用 {} 表示标签的位置；# 开始注释。内置模板集会另存为你自己的副本。</translation>
    </message>
    <message>
        <source>Built-in: %1 (saving makes your own copy)</source>
        <translation>内置：%1（保存时会创建你自己的副本）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: cannot save (%2)</source>
        <translation>%1：无法保存（%2）</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::RunPanel</name>
    <message numerus="yes">
        <source>%n indexed photo(s)</source>
        <translation>
            <numerusform>%n 张已索引照片</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Encoding labels %v / %m</source>
        <translation>正在编码标签 %v / %m</translation>
    </message>
    <message>
        <source>Scoring photos %v / %m</source>
        <translation>正在为照片评分 %v / %m</translation>
    </message>
    <message>
        <source>Writing %v / %m</source>
        <translation>正在写入 %v / %m</translation>
    </message>
    <message>
        <source>Tag folders</source>
        <translation>为文件夹打标签</translation>
    </message>
    <message>
        <source>The folders to tag, review and export (all checked: the whole library)</source>
        <translation>要打标签、审阅和导出的文件夹（全部勾选：整个图库）</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Tags per photo:</source>
        <translation>每张照片的标签数：</translation>
    </message>
    <message>
        <source>Threshold method:</source>
        <translation>阈值方法：</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>阈值：</translation>
    </message>
    <message>
        <source>Single label (softmax, top K)</source>
        <translation>单标签（softmax，前 K 个）</translation>
    </message>
    <message>
        <source>Multi-label (per-label threshold)</source>
        <translation>多标签（逐标签阈值）</translation>
    </message>
    <message>
        <source>At most this many tags per photo</source>
        <translation>每张照片最多这么多个标签</translation>
    </message>
    <message>
        <source>margin: cosine over the best other label&apos;s</source>
        <translation>margin：余弦值减去最佳其他标签的余弦值</translation>
    </message>
    <message>
        <source>zmargin: z-score over the best other label&apos;s</source>
        <translation>zmargin：z 分数减去最佳其他标签的 z 分数</translation>
    </message>
    <message>
        <source>zscore: cosine against the label&apos;s spread in the library</source>
        <translation>zscore：相对于该标签在图库中分布的余弦值</translation>
    </message>
    <message>
        <source>fixed: one cosine cut-off</source>
        <translation>fixed：统一的余弦阈值</translation>
    </message>
    <message>
        <source>method&apos;s default</source>
        <translation>方法默认值</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>打标签</translation>
    </message>
    <message>
        <source>Tag the checked folders with the vocabulary (runs in the background)</source>
        <translation>用词表为勾选的文件夹打标签（在后台运行）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::WatchJob</name>
    <message>
        <source>%1 is gone (deleted, moved or its drive removed); its photos stay in the library until it returns.</source>
        <translation>%1 不见了（已删除、移动或其驱动器已移除）；其照片会保留在照片库中，直到它重新出现。</translation>
    </message>
    <message>
        <source>%1 is back; indexing it again.</source>
        <translation>%1 已重新出现；正在重新索引。</translation>
    </message>
    <message>
        <source>Background indexing failed (tried again later): %1</source>
        <translation>后台索引失败（稍后重试）：%1</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::SearchPage</name>
    <message>
        <source>Describe a photo, e.g. a dog on a beach   (Ctrl+F)</source>
        <translation>描述一张照片，例如：海滩上的一只狗   (Ctrl+F)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Query syntax&lt;/b&gt;&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;a dog on a beach&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;plain words form one description&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;&quot;red car&quot; &quot;snow&quot;&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;each quoted phrase is a concept of its own&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;beach +sunset&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;&lt;tt&gt;+&lt;/tt&gt; adds a concept&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;beach -people&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;&lt;tt&gt;-&lt;/tt&gt; subtracts a concept (weight 0.5)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;beach^2 -people^0.8&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;&lt;tt&gt;^w&lt;/tt&gt; sets a concept&apos;s weight&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;image:/photos/a.jpg +snow&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;a photo as a concept&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Example: &lt;tt&gt;beach +sunset -people&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;查询语法&lt;/b&gt;&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;a dog on a beach&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;相邻的普通词组成一条描述&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;&quot;red car&quot; &quot;snow&quot;&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;每个带引号的短语各自是一个概念&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;beach +sunset&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;&lt;tt&gt;+&lt;/tt&gt; 加上一个概念&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;beach -people&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;&lt;tt&gt;-&lt;/tt&gt; 减去一个概念（权重 0.5）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;beach^2 -people^0.8&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;&lt;tt&gt;^w&lt;/tt&gt; 设置概念的权重&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;image:/photos/a.jpg +snow&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;把一张照片作为概念&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;示例：&lt;tt&gt;beach +sunset -people&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Results:</source>
        <translation>结果数：</translation>
    </message>
    <message>
        <source>How many photos to show, best first</source>
        <translation>显示多少张照片，最匹配的在前</translation>
    </message>
    <message>
        <source>All folders</source>
        <translation>所有文件夹</translation>
    </message>
    <message>
        <source>&lt;b&gt;You are using clipdesk-mini&lt;/b&gt;, the small demo model that comes with Clipdesk. It was trained only on Fashion-MNIST clothing pictures, so it recognises clothing categories (T-shirt, trousers, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot), not general photos. For real photo search, download a CLIP checkpoint (for example &lt;tt&gt;openai/clip-vit-base-patch32&lt;/tt&gt; from Hugging Face: &lt;tt&gt;model.safetensors&lt;/tt&gt;, &lt;tt&gt;config.json&lt;/tt&gt;, &lt;tt&gt;preprocessor_config.json&lt;/tt&gt;, &lt;tt&gt;merges.txt&lt;/tt&gt; in one folder) and choose its folder in Settings, then re-index.</source>
        <translation>&lt;b&gt;您正在使用 clipdesk-mini&lt;/b&gt;，这是 Clipdesk 自带的小型演示模型。它只用 Fashion-MNIST 服装图片训练过，因此能识别服装类别（T 恤、裤子、套头衫、连衣裙、外套、凉鞋、衬衫、运动鞋、包、短靴），但不能理解一般照片。若要真正搜索照片，请下载一个 CLIP 检查点（例如 Hugging Face 上的 &lt;tt&gt;openai/clip-vit-base-patch32&lt;/tt&gt;：把 &lt;tt&gt;model.safetensors&lt;/tt&gt;、&lt;tt&gt;config.json&lt;/tt&gt;、&lt;tt&gt;preprocessor_config.json&lt;/tt&gt;、&lt;tt&gt;merges.txt&lt;/tt&gt; 放在同一文件夹中），在“设置”中选择该文件夹，然后重新索引。</translation>
    </message>
    <message>
        <source>&lt;b&gt;No model.&lt;/b&gt; Choose a CLIP model folder or weights file in Settings.</source>
        <translation>&lt;b&gt;没有模型。&lt;/b&gt;请在“设置”中选择 CLIP 模型文件夹或权重文件。</translation>
    </message>
    <message>
        <source>The library is empty: add a folder of photos on the Library page.</source>
        <translation>图库是空的：请在“图库”页面添加照片文件夹。</translation>
    </message>
    <message>
        <source>No photo is indexed yet: index the library on the Library page.</source>
        <translation>还没有已索引的照片：请在“图库”页面为图库建立索引。</translation>
    </message>
    <message>
        <source>Looking for photos like %1…</source>
        <translation>正在查找与 %1 相似的照片…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <source>like %1</source>
        <translation>与 %1 相似</translation>
    </message>
    <message>
        <source>for “%1”</source>
        <translation>匹配“%1”</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) %1 in %2 s</source>
        <translation>
            <numerusform>%2 秒内找到 %n 张%1的照片</numerusform>
        </translation>
    </message>
    <message>
        <source>Find similar</source>
        <translation>查找相似照片</translation>
    </message>
    <message>
        <source>Preview	Space</source>
        <translation>预览	空格</translation>
    </message>
    <message>
        <source>Open	Enter</source>
        <translation>打开	回车</translation>
    </message>
    <message>
        <source>Show in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Copy path	Ctrl+C</source>
        <translation>复制路径	Ctrl+C</translation>
    </message>
    <message>
        <source>No application to open %1</source>
        <translation>没有可以打开 %1 的应用程序</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n path(s)</source>
        <translation>
            <numerusform>已复制 %n 个路径</numerusform>
        </translation>
    </message>
    <message>
        <source>Tag:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <source>Only photos carrying this tag (tags you rejected do not count)</source>
        <translation>只显示带有此标签的照片（你拒绝的标签不计入）</translation>
    </message>
    <message>
        <source>Searching with &lt;b&gt;%1&lt;/b&gt;, the model this library was indexed with (&lt;tt&gt;%2&lt;/tt&gt;).</source>
        <translation>正在使用 &lt;b&gt;%1&lt;/b&gt; 搜索，这是本图库建立索引时所用的模型（&lt;tt&gt;%2&lt;/tt&gt;）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Settings name another model&lt;/b&gt; (&lt;tt&gt;%1&lt;/tt&gt;). Searches keep using %2 until you re-index the library with the new model on the Library page (Index), or choose %2 again in Settings.</source>
        <translation>&lt;b&gt;“设置”中指定了另一个模型&lt;/b&gt;（&lt;tt&gt;%1&lt;/tt&gt;）。在“图库”页面用新模型重新索引图库（索引）之前，搜索仍使用 %2；也可以在“设置”中重新选择 %2。</translation>
    </message>
    <message>
        <source>Space: preview · Enter: open · Up on the first row: back to the query · right-click for more · drag photos out to copy them</source>
        <translation>空格：预览 · 回车：打开 · 在第一行按上方向键：回到查询框 · 右键：更多操作 · 把照片拖出即可复制</translation>
    </message>
    <message>
        <source>Taken from</source>
        <translation>拍摄时间从</translation>
    </message>
    <message>
        <source>Only photos taken in this range (the photo's own date, else its file's date)</source>
        <translation>只显示在此范围内拍摄的照片（照片自带的日期，没有时用文件日期）</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Best match</source>
        <translation>最匹配</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早在前</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>The order of the results; without a query the library is shown by date</source>
        <translation>结果的顺序；不输入查询时按日期浏览照片库</translation>
    </message>
    <message>
        <source>Loading the library by date…</source>
        <translation>正在按日期载入照片库…</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s), oldest first, in %1 s</source>
        <translation>
            <numerusform>%1 秒内载入 %n 张照片，最早在前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s), newest first, in %1 s</source>
        <translation>
            <numerusform>%1 秒内载入 %n 张照片，最新在前</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;This model does not understand Chinese queries&lt;/b&gt;; it reads %1 only. For Chinese search, download a Chinese-capable model in Settings ▸ Known models (Chinese-CLIP) and re-index the library with it.</source>
        <translation>&lt;b&gt;此模型无法理解中文查询&lt;/b&gt;，它只能读懂%1。如需用中文搜索，请在“设置 ▸ 已知模型”中下载支持中文的模型（Chinese-CLIP），并用它重新索引图库。</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::SearchResultModel</name>
    <message>
        <source>score %1</source>
        <translation>得分 %1</translation>
    </message>
    <message>
        <source>Date unknown</source>
        <translation>日期未知</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n photo(s)</source>
        <translation>
            <numerusform>%1 · %n 张照片</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::SettingsPage</name>
    <message>
        <source>CLIP model folder</source>
        <translation>CLIP 模型文件夹</translation>
    </message>
    <message>
        <source>CLIP weights file</source>
        <translation>CLIP 权重文件</translation>
    </message>
    <message>
        <source>CLIP weights (*.safetensors *.pt)</source>
        <translation>CLIP 权重 (*.safetensors *.pt)</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>图库文件夹</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Compute threads:</source>
        <translation>计算线程：</translation>
    </message>
    <message>
        <source>Library location:</source>
        <translation>图库位置：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>(none: the bundled clipdesk-mini)</source>
        <translation>（未设置：使用内置的 clipdesk-mini）</translation>
    </message>
    <message>
        <source>A CLIP model folder (model.safetensors + config.json, Hugging Face or open_clip layout) or a weights file (.safetensors, OpenAI .pt).</source>
        <translation>CLIP 模型文件夹（model.safetensors + config.json，Hugging Face 或 open_clip 布局）或权重文件（.safetensors、OpenAI .pt）。</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Use bundled model</source>
        <translation>使用内置模型</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>全部核心（%1）</translation>
    </message>
    <message>
        <source>Threads for encoding photos and training; 0 uses every core.</source>
        <translation>用于编码照片和训练的线程数；0 表示使用全部核心。</translation>
    </message>
    <message>
        <source>The folder that holds the library&apos;s database and index (not your photos).</source>
        <translation>存放图库数据库和索引的文件夹（不是您的照片）。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>No model is available. Choose a CLIP model folder or weights file.</source>
        <translation>没有可用的模型。请选择 CLIP 模型文件夹或权重文件。</translation>
    </message>
    <message>
        <source>Using %1.</source>
        <translation>正在使用 %1。</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>%1
Licence: %2
Folder: %3</source>
        <translation>%1
许可证：%2
文件夹：%3</translation>
    </message>
    <message>
        <source>The model catalogue could not be read: %1</source>
        <translation>无法读取模型目录：%1</translation>
    </message>
    <message>
        <source>Starting the download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <source>Downloading %1 (file %2 of %3): %4 of %5, %6/s</source>
        <translation>正在下载 %1（第 %2 个文件，共 %3 个）：%4 / %5，%6/秒</translation>
    </message>
    <message>
        <source>unknown size</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
    <message>
        <source>Download cancelled. The partial files are kept; Download resumes them.</source>
        <translation>下载已取消。已下载的部分文件会保留，再次点击“下载”即可继续。</translation>
    </message>
    <message>
        <source>Installed and verified in %1.</source>
        <translation>已安装并校验于 %1。</translation>
    </message>
    <message>
        <source>Known models</source>
        <translation>已知模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Official CLIP checkpoints. Each file is checked against its published SHA-256 before the model is installed.</source>
        <translation>官方 CLIP 检查点。安装模型前，每个文件都会与其公布的 SHA-256 进行核对。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Using the bundled &lt;b&gt;clipdesk-mini&lt;/b&gt; (%1): a 2.6M-parameter bilingual (English and Chinese) CLIP trained only on Fashion-MNIST clothing images. It tells clothing categories apart (T-shirt, trousers, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot) but does not understand general photos. To install a real checkpoint, download one under &lt;b&gt;Known models&lt;/b&gt; below, or choose a CLIP model folder (e.g. &lt;tt&gt;openai/clip-vit-base-patch32&lt;/tt&gt; from Hugging Face, or an open_clip &lt;tt&gt;.safetensors&lt;/tt&gt;) above.</source>
        <translation>正在使用内置的 &lt;b&gt;clipdesk-mini&lt;/b&gt;（%1）：一个仅用 Fashion-MNIST 服装图片训练的 2.6M 参数中英双语 CLIP 模型。它能区分服装类别（T 恤、裤子、套头衫、连衣裙、外套、凉鞋、衬衫、运动鞋、包、短靴），但无法理解一般照片。要安装真正的检查点，请在下方的&lt;b&gt;已知模型&lt;/b&gt;中下载一个，或在上方选择一个 CLIP 模型文件夹（例如 Hugging Face 上的 &lt;tt&gt;openai/clip-vit-base-patch32&lt;/tt&gt;，或 open_clip 的 &lt;tt&gt;.safetensors&lt;/tt&gt;）。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Size not published: the download is checked against its SHA-256 only.</source>
        <translation>大小未公布：下载只按 SHA-256 校验。</translation>
    </message>
    <message>
        <source>Watched folders:</source>
        <translation>监视文件夹：</translation>
    </message>
    <message>
        <source>Index new, changed, moved and deleted photos in the background while Clipdesk is open</source>
        <translation>Clipdesk 打开时在后台索引新增、更改、移动和删除的照片</translation>
    </message>
    <message>
        <source>Watches the library&apos;s folders and indexes changes a few seconds after they settle. The Library page shows what is watched.</source>
        <translation>监视照片库的文件夹，并在更改稳定几秒后将其编入索引。“照片库”页面会显示正在监视的内容。</translation>
    </message>
    <message>
        <source>Query languages</source>
        <translation>查询语言</translation>
    </message>
    <message>
        <source>Query languages: %1.</source>
        <translation>查询语言：%1。</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::TagCountModel</name>
    <message numerus="yes">
        <source>%1: %n photo(s), %2 rejected</source>
        <translation>
            <numerusform>%1：%n 张照片，%2 张已拒绝</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n photo(s)</source>
        <translation>
            <numerusform>%1：%n 张照片</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::TagReviewModel</name>
    <message>
        <source>Could not save the decision: %1</source>
        <translation>无法保存决定：%1</translation>
    </message>
    <message>
        <source>Could not read the tags: %1</source>
        <translation>无法读取标签：%1</translation>
    </message>
    <message>
        <source>No indexed photos in the checked folders: index them on the Library page first.</source>
        <translation>勾选的文件夹中没有已索引的照片：请先在“图库”页面建立索引。</translation>
    </message>
    <message>
        <source>No tag “%1” in the checked folders.</source>
        <translation>勾选的文件夹中没有标签“%1”。</translation>
    </message>
    <message>
        <source>Select a tag first.</source>
        <translation>请先选择一个标签。</translation>
    </message>
    <message>
        <source>Select photos in the grid first.</source>
        <translation>请先在网格中选择照片。</translation>
    </message>
    <message>
        <source>Those photos are no longer shown.</source>
        <translation>这些照片已不再显示。</translation>
    </message>
    <message>
        <source>The last decision is still being saved.</source>
        <translation>上一个决定仍在保存中。</translation>
    </message>
    <message numerus="yes">
        <source>Accepted “%1” on %n photo(s)</source>
        <translation>
            <numerusform>已在 %n 张照片上接受“%1”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rejected “%1” on %n photo(s)</source>
        <translation>
            <numerusform>已在 %n 张照片上拒绝“%1”</numerusform>
        </translation>
    </message>
    <message>
        <source>Another tagging job is running; wait for it or cancel it.</source>
        <translation>另一个打标签任务正在运行；请等待它完成或取消它。</translation>
    </message>
    <message>
        <source>The selected tag has not been scored yet.</source>
        <translation>所选标签尚未评分。</translation>
    </message>
    <message>
        <source>Name the tag to learn.</source>
        <translation>请填写要学习的标签名称。</translation>
    </message>
    <message>
        <source>Select photos in the grid and mark them as examples first.</source>
        <translation>请先在网格中选择照片并将其标记为示例。</translation>
    </message>
    <message>
        <source>Unknown export format “%1”.</source>
        <translation>未知的导出格式“%1”。</translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation>请选择要导出到的文件。</translation>
    </message>
    <message>
        <source>Check at least one folder to tag.</source>
        <translation>请至少勾选一个要打标签的文件夹。</translation>
    </message>
    <message>
        <source>✓ accepted</source>
        <translation>✓ 已接受</translation>
    </message>
    <message>
        <source>✗ rejected</source>
        <translation>✗ 已拒绝</translation>
    </message>
    <message>
        <source>(by example)</source>
        <translation>（按示例）</translation>
    </message>
    <message>
        <source>(manual)</source>
        <translation>（手动）</translation>
    </message>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消；未写入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>Tagged %1 of %n photo(s) with %2 labels (%3 encoded) in %4 s; %5 of your decisions kept.</source>
        <translation>
            <numerusform>用 %2 个标签（编码了 %3 个）为 %n 张照片中的 %1 张打了标签，用时 %4 秒；保留了你的 %5 个决定。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”: %2 photos at cosine ≥ %3; %4 tags written, %5 of your decisions kept.</source>
        <translation>“%1”：%2 张照片的余弦 ≥ %3；写入 %4 个标签，保留了你的 %5 个决定。</translation>
    </message>
    <message>
        <source>Learned “%1” from %2 examples: %3 photos tagged.</source>
        <translation>已从 %2 个示例学习“%1”：为 %3 张照片打了标签。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 sidecars; %n failed:</source>
        <translation>
            <numerusform>已写入 %1 个附属文件；%n 个失败：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n XMP sidecar(s).</source>
        <translation>
            <numerusform>已写入 %n 个 XMP 附属文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported the tags of %n photo(s).</source>
        <translation>
            <numerusform>已导出 %n 张照片的标签。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n label(s) too long for this model (%1 tokens): %2.</source>
        <translation>
            <numerusform>跳过了 %n 个对此模型过长的标签（上限 %1 个词元）：%2。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::TagReviewPanel</name>
    <message>
        <source>Select a tag to review its photos</source>
        <translation>选择一个标签以审阅其照片</translation>
    </message>
    <message numerus="yes">
        <source>“%1” at this threshold: %n photo(s)</source>
        <translation>
            <numerusform>此阈值下的“%1”：%n 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1”: %n photo(s)</source>
        <translation>
            <numerusform>“%1”：%n 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n rejected shown)</source>
        <translation>
            <numerusform>（另显示 %n 张已拒绝）</numerusform>
        </translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Accept (A)</source>
        <translation>接受 (A)</translation>
    </message>
    <message>
        <source>Reject (R)</source>
        <translation>拒绝 (R)</translation>
    </message>
    <message>
        <source>Keep the selected tag on the selected photos; later runs never remove it</source>
        <translation>在所选照片上保留所选标签；之后的运行不会移除它</translation>
    </message>
    <message>
        <source>Remove the selected tag from the selected photos; later runs never add it again</source>
        <translation>从所选照片上移除所选标签；之后的运行不会再添加它</translation>
    </message>
    <message>
        <source>A: accept · R: reject (the selection stays) · Space or double-click: preview, then Left/Right for the previous/next photo</source>
        <translation>A：接受 · R：拒绝（选择保持不变） · 空格或双击：预览，然后用左/右方向键查看上一张/下一张照片</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::ThresholdPanel</name>
    <message>
        <source>scoring…</source>
        <translation>正在评分…</translation>
    </message>
    <message>
        <source>cosine ≥ %1: %2 of %3 photos</source>
        <translation>余弦 ≥ %1：%3 张照片中的 %2 张</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>阈值：</translation>
    </message>
    <message>
        <source>Preview which photos of the checked folders the selected label would tag at this cosine cut-off</source>
        <translation>预览在此余弦阈值下，所选标签会标记勾选文件夹中的哪些照片</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Tag exactly the photos shown at this threshold (your accepted and rejected tags stay as they are)</source>
        <translation>恰好为此阈值下显示的照片打标签（你已接受和拒绝的标签保持不变）</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::ThumbnailSizeSlider</name>
    <message>
        <source>Thumbnail size</source>
        <translation>缩略图大小</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::TrainingChart</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Validation recall@1, image→text</source>
        <translation>验证集 recall@1，图像→文本</translation>
    </message>
    <message>
        <source>Validation recall@1, text→image</source>
        <translation>验证集 recall@1，文本→图像</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::TrainingJob</name>
    <message>
        <source>CUDA (%1 GPUs)</source>
        <translation>CUDA（%1 块 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::TrainingPage</name>
    <message>
        <source>Pairs file</source>
        <translation>配对文件</translation>
    </message>
    <message>
        <source>Pairs (*.csv *.tsv *.tab *.jsonl *.ndjson *.json)</source>
        <translation>配对文件 (*.csv *.tsv *.tab *.jsonl *.ndjson *.json)</translation>
    </message>
    <message>
        <source>Folder of labelled photos</source>
        <translation>带标签的照片文件夹</translation>
    </message>
    <message>
        <source>Model to fine-tune</source>
        <translation>要微调的模型</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Data and model</source>
        <translation>数据与模型</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Training data:</source>
        <translation>训练数据：</translation>
    </message>
    <message>
        <source>Model to fine-tune:</source>
        <translation>要微调的模型：</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>A pairs file (.csv/.tsv with columns image and caption, or .jsonl), a folder of photos with .txt captions, or a folder with one subfolder per label.</source>
        <translation>配对文件（含 image 和 caption 列的 .csv/.tsv，或 .jsonl）、带 .txt 说明文字的照片文件夹，或每个标签一个子文件夹的文件夹。</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>The model whose weights training starts from (default: the model in Settings).</source>
        <translation>训练从该模型的权重开始（默认：“设置”中的模型）。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Receives the trained model, checkpoints and train_log.jsonl; Resume continues from here.</source>
        <translation>存放训练好的模型、检查点和 train_log.jsonl；“继续”从这里接着训练。</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批次大小：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Warm-up steps:</source>
        <translation>预热步数：</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <source>Validation share:</source>
        <translation>验证集比例：</translation>
    </message>
    <message>
        <source>Image tower:</source>
        <translation>图像塔：</translation>
    </message>
    <message>
        <source>Text tower:</source>
        <translation>文本塔：</translation>
    </message>
    <message>
        <source>Decoding threads:</source>
        <translation>解码线程：</translation>
    </message>
    <message>
        <source>Report every:</source>
        <translation>报告间隔：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Passes over the training pairs (default %1).</source>
        <translation>遍历训练样本对的次数（默认 %1）。</translation>
    </message>
    <message>
        <source>Pairs per step: the contrastive batch. Larger batches give more negatives (default %1).</source>
        <translation>每步的样本对数，即对比学习的批次。批次越大，负样本越多（默认 %1）。</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW, reached after the warm-up, then cosine decay to 0 (default %1).</source>
        <translation>AdamW 的峰值学习率，预热后达到，然后按余弦衰减到 0（默认 %1）。</translation>
    </message>
    <message>
        <source>Steps of linear warm-up (default %1).</source>
        <translation>线性预热的步数（默认 %1）。</translation>
    </message>
    <message>
        <source>AdamW weight decay; gains, biases, embeddings and the temperature get none (default %1).</source>
        <translation>AdamW 权重衰减；增益、偏置、嵌入和温度参数不做衰减（默认 %1）。</translation>
    </message>
    <message>
        <source>Share of the pairs held out to measure recall after each epoch (default %1).</source>
        <translation>留出用于在每轮后测量召回率的样本对比例（默认 %1）。</translation>
    </message>
    <message>
        <source>Locked (train the text tower only)</source>
        <translation>锁定（只训练文本塔）</translation>
    </message>
    <message>
        <source>Freeze the image tower: its weights stay exactly as they are.</source>
        <translation>冻结图像塔：其权重保持完全不变。</translation>
    </message>
    <message>
        <source>Locked (train the image tower only)</source>
        <translation>锁定（只训练图像塔）</translation>
    </message>
    <message>
        <source>Freeze the text tower: its weights stay exactly as they are.</source>
        <translation>冻结文本塔：其权重保持完全不变。</translation>
    </message>
    <message>
        <source>Threads decoding images while the model trains (default %1).</source>
        <translation>模型训练时用于解码图像的线程数（默认 %1）。</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Steps between loss reports in the chart and the log (default %1).</source>
        <translation>图表和日志中两次损失报告之间的步数（默认 %1）。</translation>
    </message>
    <message>
        <source>Training uses CUDA when LibTorch sees a GPU, else the CPU (bf16 autocast on CUDA, fp32 on the CPU).</source>
        <translation>当 LibTorch 检测到 GPU 时使用 CUDA 训练，否则使用 CPU（CUDA 上用 bf16 自动混合精度，CPU 上用 fp32）。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start a new run in the output folder.</source>
        <translation>在输出文件夹中开始新的训练。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the step in progress, saving a checkpoint to resume from.</source>
        <translation>在当前步完成后停止，并保存可继续训练的检查点。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue the run in the output folder from its newest checkpoint.</source>
        <translation>从输出文件夹中最新的检查点继续训练。</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>正在继续 %1</translation>
    </message>
    <message>
        <source>Starting: %1 → %2</source>
        <translation>开始：%1 → %2</translation>
    </message>
    <message>
        <source>Preparing the data…</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <source>Stopping after the step in progress…</source>
        <translation>正在等当前步完成后停止…</translation>
    </message>
    <message>
        <source>Epoch %1, step %2 of %3, loss %4, %5 pairs/s, about %6 s left</source>
        <translation>第 %1 轮，第 %2 / %3 步，损失 %4，每秒 %5 对，约剩 %6 秒</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>Make the trained model the model in Settings (then re-index the library to search with it).</source>
        <translation>将训练好的模型设为“设置”中的模型（之后请重新索引图库以便用它搜索）。</translation>
    </message>
    <message>
        <source>Re-index the library with it</source>
        <translation>用它重新索引照片库</translation>
    </message>
    <message>
        <source>Encode every photo of the library again with the model now in Settings, so searches and tags use it.</source>
        <translation>用“设置”中当前的模型重新编码照片库中的每张照片，使搜索和标签都使用它。</translation>
    </message>
    <message>
        <source>Settings now use %1. Re-index the library to search with it.</source>
        <translation>“设置”现在使用 %1。重新索引照片库即可用它搜索。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>These pairs can&apos;t be used: %1</source>
        <translation>这些图文对无法使用：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) in %1 classes; a few of them:</source>
        <translation>
            <numerusform>共 %n 个图文对，%1 个类别；其中几个：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s); a few of them:</source>
        <translation>
            <numerusform>共 %n 个图文对；其中几个：</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds an earlier run; this run goes to %2 (Resume continues a run in its folder).</source>
        <translation>%1 中已有之前的训练；本次训练写入 %2（“继续”会在原文件夹中接着训练）。</translation>
    </message>
    <message>
        <source>Stopped at step %1 of %2; Resume continues from the checkpoint.</source>
        <translation>已在第 %1 步（共 %2 步）停止；“继续”将从检查点接着训练。</translation>
    </message>
    <message>
        <source>Done: step %1 of %2 (%3 in this session, %4 s). The model is in %5.</source>
        <translation>完成：第 %1 步，共 %2 步（本次 %3 步，%4 秒）。模型位于 %5。</translation>
    </message>
    <message>
        <source>Use all %1 GPUs of this machine</source>
        <translation>使用本机全部 %1 个 GPU</translation>
    </message>
    <message>
        <source>Data-parallel training: one process share per GPU; the batch size stays the whole batch and must be a multiple of the number of GPUs.</source>
        <translation>数据并行训练：每个 GPU 分担一份；批大小仍指整个批次，且必须是 GPU 数量的倍数。</translation>
    </message>
</context>
<context>
    <name>clipdesk::ui::VocabularyPanel</name>
    <message>
        <source>Label vocabulary</source>
        <translation>标签词表</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Template set</source>
        <translation>模板集</translation>
    </message>
    <message>
        <source>Vocabulary and templates</source>
        <translation>词表与模板</translation>
    </message>
    <message>
        <source>The labels to tag with</source>
        <translation>用于打标签的标签</translation>
    </message>
    <message>
        <source>Built-in everyday vocabulary</source>
        <translation>内置日常词表</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>The prompts each label is put into: imagenet80 (CLIP&apos;s 80 ImageNet templates), short7 (7 of them), single (&quot;a photo of a {}.&quot;), or a file</source>
        <translation>每个标签所套用的提示语：imagenet80（CLIP 的 80 个 ImageNet 模板）、short7（其中 7 个）、single（“a photo of a {}.”），或一个文件</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
</context>
</TS>
