/**
 * On the generic registration form of a 重大行政决策: a case registered here is not in the year's
 * 决策事项目录; the catalogue page starts an agreed item, or proposes one and adds it (art 3 ¶3).
 */
import { Alert } from 'antd';
import { Link } from 'react-router';

export function DecisionCreateHint() {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      message={
        <span>
          重大行政决策事项应列入年度决策事项目录（《重大行政决策程序暂行条例》第三条第三款）。请在
          <Link to="/decisions/catalogue">决策事项目录</Link>
          中启动目录事项，或使用“目录外提出”，以便同时列入目录。
        </span>
      }
    />
  );
}
