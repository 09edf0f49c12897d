import { APP_TITLE } from './constants.ts';

/**
 * The shell's outline (menu, header, a card of rows) drawn while the shell's code and the first
 * page load: right after signing in, and on a page load of a signed-in route. Plain elements and
 * CSS only (global.css `.fz-sk`), so it is part of the login page's first load and shows at once.
 */
const MENU_BARS = ['70%', '60%', '50%', '69%', '59%', '49%', '68%'];
const ROW_BARS = ['92%', '84%', '76%', '68%', '91%', '83%'];

export function ShellSkeleton() {
  return (
    <div className="fz-sk" role="status" aria-busy="true" aria-label="正在进入系统" data-testid="shell-skeleton">
      <aside className="fz-sk-sider">
        <div className="fz-sk-logo">法</div>
        {MENU_BARS.map((w) => (
          <div key={w} className="fz-sk-bar" style={{ width: w, margin: '18px 20px' }} />
        ))}
      </aside>
      <div className="fz-sk-main">
        <header className="fz-sk-header">{APP_TITLE}</header>
        <div className="fz-sk-body">
          <div className="fz-sk-card">
            <div className="fz-sk-bar" style={{ width: 220, height: 20 }} />
            <div className="fz-sk-bar" style={{ width: 160, marginTop: 12 }} />
          </div>
          <div className="fz-sk-card">
            <div className="fz-sk-status">
              <span className="fz-sk-spinner" aria-hidden />
              正在加载工作台…
            </div>
            {ROW_BARS.map((w) => (
              <div key={w} className="fz-sk-bar" style={{ width: w, marginTop: 16 }} />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
