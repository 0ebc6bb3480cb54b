// The columns of an at-risk export, with their headers in both languages and their spreadsheet type:
// the fixed ones, and one per declared customer attribute after the built-in region and plan.
import type { AttributeDeclaration } from '../db/declarations.ts';
import type { Locale } from '../vocabulary.ts';

/** One exported customer: column key -> value. */
export type ExportRow = Record<string, string | number | boolean | null>;

export type ColumnType = 'text' | 'number' | 'percent' | 'money' | 'integer' | 'date' | 'boolean';

export interface ExportColumn {
  key: string;
  header: Record<Locale, string>;
  type: ColumnType;
}

const col = (key: string, en: string, zh: string, type: ColumnType = 'text'): ExportColumn => ({
  key,
  header: { en, 'zh-CN': zh },
  type,
});

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  col('customer_id', 'Customer ID', '客户编号'),
  col('name', 'Name', '姓名'),
  col('email', 'Email', '邮箱'),
  col('phone', 'Phone', '电话'),
  col('region', 'Region', '地区'),
  col('plan', 'Plan', '套餐'),
  col('segment', 'Segment', '客户分群'),
  col('lifecycle', 'Lifecycle', '生命周期'),
  col('value_tier', 'Value tier', '价值等级'),
  col('churn_prob', 'Churn probability', '流失概率', 'percent'),
  col('churn_prob_low', 'Churn probability, low (80%)', '流失概率下限（80%）', 'percent'),
  col('churn_prob_high', 'Churn probability, high (80%)', '流失概率上限（80%）', 'percent'),
  col('risk_tier', 'Risk tier', '风险等级'),
  col('predicted_clv', 'Predicted CLV', '预测客户价值', 'money'),
  col('predicted_clv_low', 'Predicted CLV, low (80%)', '预测客户价值下限（80%）', 'money'),
  col('predicted_clv_high', 'Predicted CLV, high (80%)', '预测客户价值上限（80%）', 'money'),
  col('value_at_risk', 'Value at risk', '风险价值', 'money'),
  col('next_purchase', 'Expected next purchase', '预计下次购买', 'date'),
  col('p_purchase_30', 'P(purchase within 30 days)', '30 天内购买概率', 'percent'),
  col('reason_1', 'Reason 1', '原因 1'),
  col('reason_2', 'Reason 2', '原因 2'),
  col('reason_3', 'Reason 3', '原因 3'),
  col('action', 'Action code', '行动代码'),
  col('action_label', 'Recommended action', '建议行动'),
  col('channel', 'Channel', '渠道'),
  col('priority', 'Priority', '优先级', 'integer'),
  col('due_date', 'Due date', '截止日期', 'date'),
  col('control', 'Control group', '对照组', 'boolean'),
  col('as_of', 'Scoring date', '评分日期', 'date'),
  col('model_id', 'Model version', '模型版本'),
];

/** The key of a declared attribute's column (prefixed: a declared name may equal a fixed column's key). */
export const attributeKey = (name: string) => `attr_${name}`;

/**
 * EXPORT_COLUMNS with a column per declared (not built-in) attribute after plan, headed by its labels,
 * and the intervals' headers at the level the scores were computed with (config intervals.level).
 */
export function exportColumns(attributes: readonly AttributeDeclaration[], level = 0.8): ExportColumn[] {
  const declared = attributes
    .filter((a) => !a.builtIn)
    .map((a) => col(attributeKey(a.name), a.label.en, a.label['zh-CN'], a.kind === 'numeric' ? 'number' : 'text'));
  const at = EXPORT_COLUMNS.findIndex((c) => c.key === 'plan') + 1;
  const percent = `${Number((level * 100).toPrecision(4))}%`;
  const leveled = (c: ExportColumn): ExportColumn =>
    c.header.en.endsWith('(80%)')
      ? {
          ...c,
          header: { en: c.header.en.replace('80%', percent), 'zh-CN': c.header['zh-CN'].replace('80%', percent) },
        }
      : c;
  return [...EXPORT_COLUMNS.slice(0, at), ...declared, ...EXPORT_COLUMNS.slice(at)].map(leveled);
}
