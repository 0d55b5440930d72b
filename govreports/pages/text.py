"""Hand-written page text (trusted HTML), kept apart from the generators."""

ABOUT_HTML = """<h1>关于本站</h1>
<p>本站收集各地人民政府及其部门依《法治政府建设与责任落实督察工作规定》公开发布的《法治政府建设年度报告》，把它们整理为可检索的网页和开放数据，方便公众、记者和研究者比较各地情况。</p>
<h2 id="method">方法</h2>
<ol>
<li><strong>收集</strong>：保存报告原件（网页、PDF、Word 或文本）及其来源网址、获取时间和 SHA-256。</li>
<li><strong>解析</strong>：识别标题、发布机关、年度、文号、成文日期、发布日期、索引号等基本信息，以及“一、”“（一）”“一是”等层级目录。</li>
<li><strong>抽取</strong>：识别正文中所有“数值 + 单位”，记录所在句子与位置；按指标词表把部分数值归入可比较的指标。</li>
<li><strong>发布</strong>：生成 Frictionless 数据包（CSV）、Excel、SQLite 和本网站；全文检索以相邻两字（汉字、字母、数字）为索引单位，两字以上的任何词语都能检索到，不受分词结果影响；关键词由 jieba 分词及领域词典提取。</li>
</ol>
<h2 id="limitations">局限</h2>
<ul>
<li>数值由程序自动抽取，可能漏识或误归类；每个数值都链接到原文句子，请以原文为准。</li>
<li>各地报告的口径、写法不一，同一指标在不同地区之间未必完全可比。</li>
<li>收录范围取决于已收集的报告，不代表全部地区。解析失败的文件列在“数据质量”页。</li>
</ul>
<h2 id="cite">引用</h2>
<p>请注明：“法治政府建设年度报告开放数据（govreports），访问日期，网址”，并引用具体报告的发布机关、标题和原始网址。</p>
<h2 id="licence">许可</h2>
<p>程序代码以 MIT 许可发布。整理后的数据以 CC BY 4.0 发布；报告原文版权归原发布机关所有，本站仅作存档与检索。</p>
<h2 id="add">如何补充报告</h2>
<ol>
<li>把报告原件（.txt / .html / .pdf / .docx）放入仓库的 <code>reports/</code> 目录，可附带<code>同名.meta.json</code> 记录来源网址。</li>
<li>运行 <code>govreports build --reports reports --out .</code>，检查命令输出和“数据质量”页。</li>
<li>提交合并请求（pull request）。</li>
</ol>
<h2 id="urls">网址规则</h2>
<p>网址只由公开编号构成，新增报告不会改变已有网址；地区以 6 位行政区划代码区分，同名地区（如不同城市的“东区”）不会冲突。</p>
<ul>
<li>地区：<code>/region/{行政区划代码}/</code>，如 <code>/region/510402/</code></li>
<li>报告：<code>/region/{行政区划代码}/{年度}/</code>；部门报告为 <code>/region/{代码}/{年度}-{部门简称}/</code></li>
<li>省份：<code>/province/{代码}/</code>；年度：<code>/year/{年度}/</code>；指标：<code>/indicator/{指标代码}/</code></li>
<li>数据：<code>/data/</code>；质量：<code>/quality/</code>；订阅：<code>/feed.xml</code>（Atom）</li>
</ul>"""
